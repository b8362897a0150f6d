import { getEnv, getFetch } from "../configure.ts";
import { ConfigurationError, StreamError } from "../errors.ts";
import { resolveKey } from "../keys.ts";
import type { Env } from "../spec/model-adapter.ts";

/** What an embedding model takes: text, or bytes for models with `supportsBinary`. */
export type EmbeddingInput = string | Uint8Array;

/** Everything a provider needs to embed one batch. */
export interface EmbeddingCall {
  /** The batch, already checked against `supportsText` / `supportsBinary`. */
  readonly items: readonly EmbeddingInput[];
  /** The resolved key; `undefined` for a model that needs none. */
  readonly key?: string | undefined;
  readonly fetch: typeof globalThis.fetch;
  readonly env: Env;
  readonly signal?: AbortSignal | undefined;
}

/**
 * What a provider implements for each embedding model it offers, and what
 * plugins register with
 * `llm.registerEmbeddingModels(register => register(adapter, { aliases }))`
 * (the Python library's `EmbeddingModel` subclass with its `embed_batch()`).
 */
export interface EmbeddingModelAdapter {
  readonly modelId: string;
  /** How the model is described, e.g. `OpenAI Embedding`. */
  readonly provider?: string | undefined;
  /** The name the key is stored under (`openai`); omit when the model needs no key. */
  readonly keyName?: string | undefined;
  /** The environment variable the key is read from (`OPENAI_API_KEY`). */
  readonly keyEnvVar?: string | undefined;
  /**
   * Takes strings.
   * @default true
   */
  readonly supportsText?: boolean | undefined;
  /**
   * Takes bytes (`Uint8Array`), such as images for CLIP.
   * @default false
   */
  readonly supportsBinary?: boolean | undefined;
  /**
   * How many items one request may carry; `embedMulti()` splits its input
   * into batches of this size.
   * @default undefined (everything in one batch)
   */
  readonly batchSize?: number | undefined;
  /** One vector per item, in the items' order. */
  embedBatch(call: EmbeddingCall): Promise<ReadonlyArray<ArrayLike<number>>>;
}

export interface EmbedOptions {
  /**
   * A key for this call, or the name of a stored key (`"openai"`). Ignored
   * when `model.key` is set.
   * @default undefined (the stored key for the model's key name, then its environment variable)
   */
  key?: string | undefined;
  /**
   * Aborts the request; the promise then rejects with the signal's reason.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
}

export interface EmbedMultiOptions extends EmbedOptions {
  /**
   * Items per request.
   * @default the model's `batchSize` (100 for OpenAI, 20 for Gemini), else all items in one request
   */
  batchSize?: number | undefined;
}

/**
 * A model that turns text (or bytes) into vectors. Get one with
 * `llm.getEmbeddingModel(idOrAlias)`.
 *
 * Vectors are plain `number[]`, as the Python library's lists of floats.
 * OpenAI's are float32 values sent as base64, so each number is exactly a
 * float32; `llm.encode(vector)` packs one into 4 bytes a value, and
 * collections keep them as `Float32Array`.
 */
export class EmbeddingModel {
  readonly adapter: EmbeddingModelAdapter;
  #key: string | undefined;

  constructor(adapter: EmbeddingModelAdapter) {
    this.adapter = adapter;
  }

  get modelId(): string {
    return this.adapter.modelId;
  }

  get supportsText(): boolean {
    return this.adapter.supportsText ?? true;
  }

  get supportsBinary(): boolean {
    return this.adapter.supportsBinary ?? false;
  }

  /** Items per request, or `undefined` for no limit. */
  get batchSize(): number | undefined {
    return this.adapter.batchSize;
  }

  /** The name its key is stored under (`openai`), or `undefined` when it needs none. */
  get keyName(): string | undefined {
    return this.adapter.keyName;
  }

  /** The environment variable its key is read from (`OPENAI_API_KEY`). */
  get keyEnvVar(): string | undefined {
    return this.adapter.keyEnvVar;
  }

  /** A key for every call of this model; wins over all other sources. Never shown or logged. */
  get key(): string | undefined {
    return this.#key;
  }

  set key(value: string | undefined) {
    this.#key = value;
  }

  /**
   * The vector for one text (or bytes, on a model with `supportsBinary`).
   * @example const vector = await llm.getEmbeddingModel("3-small").embed("hello world")
   */
  async embed(item: EmbeddingInput, options: EmbedOptions = {}): Promise<number[]> {
    this.#check(item);
    const [vector] = await this.#embedBatch([item], options);
    return vector!;
  }

  /**
   * The vectors for many items, in order, as they arrive: the items are sent
   * `batchSize` at a time (one request per batch). Each item is checked as it
   * is batched, so a wrong kind of item fails the iteration when reached.
   * @example for await (const vector of model.embedMulti(texts, { batchSize: 50 })) save(vector)
   */
  async *embedMulti(items: Iterable<EmbeddingInput> | AsyncIterable<EmbeddingInput>, options: EmbedMultiOptions = {}): AsyncGenerator<number[], void, undefined> {
    const size = options.batchSize ?? this.batchSize;
    if (size !== undefined && !(Number.isInteger(size) && size > 0)) {
      throw new ConfigurationError(`batchSize must be a whole number above 0; got ${size}.`);
    }
    let batch: EmbeddingInput[] = [];
    for await (const item of items) {
      this.#check(item);
      batch.push(item);
      if (size !== undefined && batch.length >= size) {
        yield* await this.#embedBatch(batch, options);
        batch = [];
      }
    }
    if (batch.length) yield* await this.#embedBatch(batch, options);
  }

  toString(): string {
    return `${this.adapter.provider ?? "Embedding"}: ${this.modelId}`;
  }

  /** The Python library's checks and messages. */
  #check(item: unknown): void {
    if (typeof item === "string") {
      if (!this.supportsText) throw new ConfigurationError("This model does not support text strings, only binary data");
    } else if (item instanceof Uint8Array) {
      if (!this.supportsBinary) throw new ConfigurationError("This model does not support binary data, only text strings");
    } else {
      throw new ConfigurationError(`Embedding models take strings${this.supportsBinary ? " or Uint8Array bytes" : ""}; got ${item === null ? "null" : typeof item}.`);
    }
  }

  async #embedBatch(items: readonly EmbeddingInput[], options: EmbedOptions): Promise<number[][]> {
    const key = await resolveKey({ modelKey: this.#key, explicitKey: options.key, keyName: this.keyName, keyEnvVar: this.keyEnvVar });
    options.signal?.throwIfAborted();
    const vectors = await this.adapter.embedBatch({ items, key, fetch: getFetch(), env: getEnv(), signal: options.signal });
    if (vectors.length !== items.length) {
      throw new StreamError(`${this.modelId} returned ${vectors.length} vectors for ${items.length} items: the answer is not what the API sends; check the base URL.`, {
        reason: "malformed",
      });
    }
    return vectors.map((vector) => Array.from(vector));
  }
}
