import { fromBase64, toBase64 } from "../base64.ts";
import { getStorage } from "../configure.ts";
import { ConfigurationError, NotFoundError } from "../errors.ts";
import { sha256Hex } from "../sha256-hex.ts";
import type { Storage } from "../spec/storage.ts";
import { fromUnstorage, isUnstorage, type UnstorageLike } from "../storage/from-unstorage.ts";
import { dotProduct, dotProductAt, vectorNorm } from "./cosine-similarity.ts";
import { getEmbeddingModel } from "./embedding-registry.ts";
import type { EmbeddingInput, EmbeddingModel } from "./embedding-model.ts";
import { decodeFloat32, encode } from "./encode.ts";
import { topK } from "./top-k.ts";

export interface CollectionOptions {
  /**
   * The model that embeds this collection's content. Needed to create a
   * collection; an existing one uses the model it was created with (giving
   * another one throws, since vectors of different models cannot be compared).
   * @default undefined (the model stored with the collection)
   */
  model?: EmbeddingModel | undefined;
  /**
   * The same as `model`, by id or alias (`"3-small"`).
   * @default undefined
   */
  modelId?: string | undefined;
  /**
   * Where the collection is kept: any storage adapter, or an unstorage storage.
   * @default the storage set with `llm.configure({ storage })` (memory unless set)
   */
  storage?: Storage | UnstorageLike | undefined;
  /**
   * `false`: the collection must exist already; using a missing one throws
   * `NotFoundError` ("Collection "x" does not exist.").
   * @default true
   */
  create?: boolean | undefined;
}

export interface CollectionEmbedOptions {
  /**
   * JSON-serialisable data kept with the entry and returned by the similarity searches.
   * @default undefined (none)
   */
  metadata?: Record<string, unknown> | undefined;
  /**
   * Keep the content itself too (text, or bytes as base64), so that searches return it.
   * @default false
   */
  store?: boolean | undefined;
}

/** One item of `embedMulti()`: `[id, content]` (as in the Python library), `[id, content, metadata]`, or an object. */
export type CollectionItem =
  | readonly [id: string, content: EmbeddingInput]
  | readonly [id: string, content: EmbeddingInput, metadata: Record<string, unknown> | undefined]
  | { readonly id: string; readonly content: EmbeddingInput; readonly metadata?: Record<string, unknown> | undefined };

export interface CollectionEmbedMultiOptions {
  /**
   * Keep each item's content too, so that searches return it.
   * @default false
   */
  store?: boolean | undefined;
  /**
   * Items per request (lowered to the model's own `batchSize` when that is smaller).
   * @default 100
   */
  batchSize?: number | undefined;
}

export interface SimilarOptions {
  /**
   * How many entries to return, most similar first.
   * @default 10
   */
  number?: number | undefined;
  /**
   * Only entries whose id starts with this.
   * @default "" (all)
   * @example { prefix: "notes/" }
   */
  prefix?: string | undefined;
}

export interface SimilarByVectorOptions extends SimilarOptions {
  /**
   * An id to leave out of the results (`similarById` leaves out the entry itself).
   * @default undefined
   */
  skipId?: string | undefined;
}

/** One result of a similarity search (the Python library's `Entry`). */
export interface CollectionEntry {
  id: string;
  /** Cosine similarity to what was searched for: 1 is the same direction. */
  score: number;
  /** The content, when it was embedded with `store: true`: text, or the bytes. */
  content: string | Uint8Array | undefined;
  metadata: Record<string, unknown> | undefined;
}

/** What one entry is stored as. */
interface StoredEntry {
  id: string;
  /** Base64 of `llm.encode(vector)`: little-endian float32. */
  embedding: string;
  /** Hex SHA-256 of the content (its UTF-8 bytes for text). */
  contentHash: string;
  content?: string;
  /** Base64 of stored bytes. */
  contentBytes?: string;
  metadata?: Record<string, unknown>;
  /** Unix seconds. */
  updated: number;
}

interface StoredCollection {
  name: string;
  modelId: string;
}

interface CachedEntry {
  id: string;
  vector: Float32Array;
  norm: number;
  hash: string;
  content: string | Uint8Array | undefined;
  metadata: Record<string, unknown> | undefined;
}

interface Opened {
  storage: Storage;
  model: EmbeddingModel;
}

/** Entries read at once while loading: enough to overlap latency, few enough for open-file and connection limits. */
const readConcurrency = 128;

/**
 * A named set of embedded items you can search by similarity, kept in any
 * storage adapter (the Python library's `llm.Collection`).
 *
 * Storage layout (one key per entry, so concurrent writers of different
 * entries never overwrite each other, on Cloudflare KV too):
 * - `embeddings/<name>/collection`: `{ name, modelId }`;
 * - `embeddings/<name>/entries/<id>`: `{ id, embedding, contentHash, content?,
 *   contentBytes?, metadata?, updated }`, where `embedding` is the base64 of
 *   `llm.encode(vector)` (little-endian float32, 8 KiB of text for 1,536
 *   dimensions), `contentHash` the hex SHA-256 of the content, and `updated`
 *   unix seconds.
 * `<name>` is `encodeURIComponent(name)`; `<id>` is the id as given.
 *
 * Searching loads every vector once into `Float32Array`s and keeps them (with
 * their lengths) for the life of this object; writes through it update that
 * cache. Entries written elsewhere (another tab, another Worker) are seen by a
 * new `Collection` object.
 *
 * @example
 * const notes = new llm.Collection("notes", { modelId: "3-small" });
 * await notes.embedMulti([["a", "Pelicans eat fish"], ["b", "Kakapo are parrots"]], { store: true });
 * const [best] = await notes.similar("seabirds");
 */
export class Collection {
  readonly name: string;
  readonly #options: CollectionOptions;
  readonly #prefix: string;
  #opened: Promise<Opened> | undefined;
  #modelId: string | undefined;
  #entries: Promise<Map<string, CachedEntry>> | undefined;
  /** The cache as an array, for the search loop, and its vectors packed in rows of one array; rebuilt after writes. */
  #searchable: { list: CachedEntry[]; matrix: Float32Array | undefined; dimensions: number } | undefined;

  constructor(name: string, options: CollectionOptions = {}) {
    if (typeof name !== "string" || name === "") throw new ConfigurationError("A collection needs a name (a non-empty string).");
    this.name = name;
    this.#options = options;
    this.#prefix = `embeddings/${encodeURIComponent(name)}/`;
    this.#modelId = options.model?.modelId;
  }

  /** `true` when a collection of this name is in the storage. */
  static async exists(name: string, options: Pick<CollectionOptions, "storage"> = {}): Promise<boolean> {
    return (await storageOf(options.storage).get(`embeddings/${encodeURIComponent(name)}/collection`)) !== undefined;
  }

  /** The names of the collections in the storage, sorted. */
  static async list(options: Pick<CollectionOptions, "storage"> = {}): Promise<string[]> {
    const keys = await storageOf(options.storage).keys("embeddings/");
    return keys.flatMap((key) => {
      const match = /^embeddings\/([^/]*)\/collection$/.exec(key);
      return match ? [decodeURIComponent(match[1]!)] : [];
    }).sort();
  }

  /** The model's id, once known (given, or read from the storage by an earlier call). */
  get modelId(): string | undefined {
    return this.#modelId;
  }

  /** The collection's embedding model (the Python library's `collection.model()`). */
  async model(): Promise<EmbeddingModel> {
    return (await this.#open()).model;
  }

  /**
   * Embeds `value` and stores it as entry `id`, replacing what was there.
   * When the entry already holds the same content (same hash), the model is
   * not called; new `metadata`, or `store: true` for content not kept yet,
   * is still written.
   * @example await collection.embed("pelican", "Pelicans are large water birds", { metadata: { source: "wiki" }, store: true })
   */
  async embed(id: string, value: EmbeddingInput, options: CollectionEmbedOptions = {}): Promise<void> {
    const { model, storage } = await this.#open();
    const entries = await this.#load();
    const hash = await contentHash(value);
    const existing = entries.get(id);
    let vector: Float32Array;
    if (existing?.hash === hash) {
      const metadataChanged = options.metadata !== undefined && JSON.stringify(options.metadata) !== JSON.stringify(existing.metadata);
      if (!metadataChanged && !(options.store && existing.content === undefined)) return;
      vector = existing.vector;
      options = { metadata: options.metadata ?? existing.metadata, store: options.store || existing.content !== undefined };
    } else {
      vector = Float32Array.from(await model.embed(value));
    }
    await this.#write(storage, entries, { id, content: value, metadata: options.metadata }, vector, hash, options.store ?? false);
  }

  /**
   * Embeds many items, `batchSize` per request, skipping those whose entry
   * already holds the same content (by hash, for that id). Items may be an
   * array, any iterable, or an async iterable.
   * @example await collection.embedMulti([["a", "first text"], { id: "b", content: "second", metadata: { page: 2 } }], { store: true })
   */
  async embedMulti(items: Iterable<CollectionItem> | AsyncIterable<CollectionItem>, options: CollectionEmbedMultiOptions = {}): Promise<void> {
    const { model, storage } = await this.#open();
    const entries = await this.#load();
    const requested = options.batchSize ?? 100;
    if (!(Number.isInteger(requested) && requested > 0)) throw new ConfigurationError(`batchSize must be a whole number above 0; got ${requested}.`);
    const size = Math.min(requested, model.batchSize ?? requested);
    const store = options.store ?? false;
    let batch: Array<{ id: string; content: EmbeddingInput; metadata: Record<string, unknown> | undefined }> = [];
    const flush = async () => {
      const hashes = await Promise.all(batch.map((item) => contentHash(item.content)));
      const changed = batch.flatMap((item, index) => (entries.get(item.id)?.hash === hashes[index] ? [] : [{ item, hash: hashes[index]! }]));
      batch = [];
      if (changed.length === 0) return;
      const vectors: Float32Array[] = [];
      for await (const vector of model.embedMulti(changed.map(({ item }) => item.content), { batchSize: size })) vectors.push(Float32Array.from(vector));
      await Promise.all(changed.map(({ item, hash }, index) => this.#write(storage, entries, item, vectors[index]!, hash, store)));
    };
    for await (const item of items) {
      batch.push(normalizeItem(item));
      if (batch.length >= size) await flush();
    }
    if (batch.length) await flush();
  }

  /**
   * The entries most similar to `value`, which is embedded with the
   * collection's model first (one request).
   * @example for (const { id, score } of await collection.similar("sea birds", { number: 3 })) console.log(id, score)
   */
  async similar(value: EmbeddingInput, options: SimilarOptions = {}): Promise<CollectionEntry[]> {
    const { model } = await this.#open();
    return this.similarByVector(await model.embed(value), options);
  }

  /** The entries most similar to entry `id` (itself left out); throws `NotFoundError` for an id not in the collection. */
  async similarById(id: string, options: SimilarOptions = {}): Promise<CollectionEntry[]> {
    await this.#open();
    const entry = (await this.#load()).get(id);
    if (!entry) throw new NotFoundError(`ID not found: there is no entry "${id}" in collection "${this.name}".`);
    return this.similarByVector(entry.vector, { ...options, skipId: id });
  }

  /**
   * The entries most similar to a vector, by cosine similarity, highest score
   * first. Every vector is compared (no index), but only the best `number`
   * are kept and sorted.
   */
  async similarByVector(vector: ArrayLike<number>, options: SimilarByVectorOptions = {}): Promise<CollectionEntry[]> {
    await this.#open();
    const { list, matrix, dimensions } = (this.#searchable ??= pack(await this.#load()));
    const query = vector instanceof Float32Array ? vector : Float32Array.from(vector);
    const queryNorm = vectorNorm(query);
    const { prefix = "", skipId } = options;
    const packed = matrix !== undefined && query.length === dimensions;
    const ranked = topK(options.number ?? 10, list.length, (index) => {
      const entry = list[index]!;
      if (entry.id === skipId || (prefix && !entry.id.startsWith(prefix))) return undefined;
      return (packed ? dotProductAt(matrix, index * dimensions, query) : dotProduct(query, entry.vector)) / (queryNorm * entry.norm);
    });
    return ranked.map(({ index, score }) => {
      const { id, content, metadata } = list[index]!;
      return { id, score, content, metadata };
    });
  }

  /** How many entries the collection holds. */
  async count(): Promise<number> {
    const { storage } = await this.#open();
    if (this.#entries) return (await this.#entries).size;
    return (await storage.keys(`${this.#prefix}entries/`)).length;
  }

  /** Deletes the collection: its entries and its record. Using this object again creates it anew (with a model). */
  async delete(): Promise<void> {
    const storage = storageOf(this.#options.storage);
    const keys = await storage.keys(this.#prefix);
    for (let start = 0; start < keys.length; start += readConcurrency) {
      await Promise.all(keys.slice(start, start + readConcurrency).map((key) => storage.delete(key)));
    }
    this.#opened = undefined;
    this.#entries = undefined;
    this.#searchable = undefined;
  }

  /** Reads (or creates) the collection record and picks the model, once. */
  #open(): Promise<Opened> {
    this.#opened ??= this.#doOpen().catch((error: unknown) => {
      this.#opened = undefined;
      throw error;
    });
    return this.#opened;
  }

  async #doOpen(): Promise<Opened> {
    const options = this.#options;
    const storage = storageOf(options.storage);
    const recordKey = `${this.#prefix}collection`;
    const record = await storage.get<StoredCollection>(recordKey);
    if (record) {
      const wanted = options.model ?? (options.modelId ? getEmbeddingModel(options.modelId) : undefined);
      if (wanted && wanted.modelId !== record.modelId) {
        throw new ConfigurationError(`Collection "${this.name}" uses the model ${record.modelId}, not ${wanted.modelId}: vectors of different models cannot be compared. Use another collection name, or delete this one first.`);
      }
      const model = wanted ?? getEmbeddingModel(record.modelId);
      this.#modelId = model.modelId;
      return { storage, model };
    }
    if (options.create === false) throw new NotFoundError(`Collection "${this.name}" does not exist.`);
    if (!options.model && !options.modelId) {
      throw new ConfigurationError(`Either model or modelId must be provided when creating a new collection ("${this.name}").`);
    }
    const model = options.model ?? getEmbeddingModel(options.modelId);
    await storage.set(recordKey, { name: this.name, modelId: model.modelId } satisfies StoredCollection);
    this.#modelId = model.modelId;
    return { storage, model };
  }

  /** Loads every entry into the cache, once. */
  #load(): Promise<Map<string, CachedEntry>> {
    this.#entries ??= this.#doLoad().catch((error: unknown) => {
      this.#entries = undefined;
      throw error;
    });
    return this.#entries;
  }

  async #doLoad(): Promise<Map<string, CachedEntry>> {
    const { storage } = await this.#open();
    const prefix = `${this.#prefix}entries/`;
    const keys = (await storage.keys(prefix)).sort();
    const loaded: Array<CachedEntry | undefined> = new Array(keys.length);
    // A pool of readers: a new read starts as soon as one finishes, never more than `readConcurrency` at once.
    let next = 0;
    const reader = async () => {
      while (next < keys.length) {
        const at = next++;
        const entry = await storage.get<StoredEntry>(keys[at]!);
        if (entry && typeof entry.embedding === "string") loaded[at] = toCached(entry);
      }
    };
    await Promise.all(Array.from({ length: Math.min(readConcurrency, keys.length) }, reader));
    const entries = new Map<string, CachedEntry>();
    for (const entry of loaded) if (entry) entries.set(entry.id, entry);
    this.#searchable = undefined;
    return entries;
  }

  async #write(
    storage: Storage,
    entries: Map<string, CachedEntry>,
    item: { id: string; content: EmbeddingInput; metadata?: Record<string, unknown> | undefined },
    vector: Float32Array,
    hash: string,
    store: boolean,
  ): Promise<void> {
    const { id, content, metadata } = item;
    const stored: StoredEntry = { id, embedding: toBase64(encode(vector)), contentHash: hash, updated: Math.floor(Date.now() / 1000) };
    if (store) {
      if (typeof content === "string") stored.content = content;
      else stored.contentBytes = toBase64(content);
    }
    if (metadata !== undefined) stored.metadata = metadata;
    await storage.set(`${this.#prefix}entries/${id}`, stored);
    entries.delete(id);
    entries.set(id, { id, vector, norm: vectorNorm(vector), hash, content: store ? content : undefined, metadata });
    this.#searchable = undefined;
  }
}

/**
 * The entries as a list, with their vectors copied into rows of one
 * `Float32Array` when they all have the same length; each entry's vector
 * becomes a view of its row, so the separate arrays can be collected.
 */
function pack(entries: Map<string, CachedEntry>): { list: CachedEntry[]; matrix: Float32Array | undefined; dimensions: number } {
  const list = [...entries.values()];
  const dimensions = list[0]?.vector.length ?? 0;
  if (dimensions === 0 || list.some((entry) => entry.vector.length !== dimensions)) return { list, matrix: undefined, dimensions };
  const matrix = new Float32Array(list.length * dimensions);
  list.forEach((entry, index) => {
    matrix.set(entry.vector, index * dimensions);
    entry.vector = matrix.subarray(index * dimensions, (index + 1) * dimensions);
  });
  return { list, matrix, dimensions };
}

function storageOf(storage: Storage | UnstorageLike | undefined): Storage {
  if (!storage) return getStorage();
  return isUnstorage(storage) ? fromUnstorage(storage) : storage;
}

function toCached(entry: StoredEntry): CachedEntry {
  const vector = decodeFloat32(fromBase64(entry.embedding));
  const content = entry.content ?? (entry.contentBytes === undefined ? undefined : fromBase64(entry.contentBytes));
  return { id: entry.id, vector, norm: vectorNorm(vector), hash: entry.contentHash, content, metadata: entry.metadata };
}

function normalizeItem(item: CollectionItem): { id: string; content: EmbeddingInput; metadata: Record<string, unknown> | undefined } {
  if (Array.isArray(item)) return { id: item[0], content: item[1], metadata: item[2] };
  const { id, content, metadata } = item as Exclude<CollectionItem, readonly unknown[]>;
  return { id, content, metadata };
}

/** Hex SHA-256 of the content (the Python library uses MD5, which Web Crypto does not have). */
function contentHash(value: EmbeddingInput): Promise<string> {
  if (typeof value !== "string" && !(value instanceof Uint8Array)) {
    throw new ConfigurationError(`Collections embed strings or Uint8Array bytes; got ${value === null ? "null" : typeof value}.`);
  }
  return sha256Hex(value);
}
