import { getEnv, getFetch } from "./configure.ts";
import { resolveKey } from "./keys.ts";
import { validateOptions } from "./options.ts";
import { Response } from "./response.ts";
import type { Message } from "./spec/message.ts";
import type { ModelAdapter } from "./spec/model-adapter.ts";

export interface PromptOptions<Options = Record<string, unknown>> {
  /** The system prompt. */
  system?: string | undefined;
  /**
   * A key for this prompt, or the name of a stored key (`"openai"`).
   * Ignored when `model.key` is set.
   */
  key?: string | undefined;
  /**
   * Model options, validated against the model's options schema when
   * `prompt()` is called: an unknown name or a bad value throws `OptionsError`.
   * @example { temperature: 0.2, max_tokens: 200 }
   */
  options?: Partial<Options> | undefined;
  /** Aborts the request; the response then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /**
   * `false` asks the provider for one JSON answer instead of a stream (the
   * Response API is the same).
   * @default true
   */
  stream?: boolean | undefined;
  /** Earlier messages, sent before this prompt (as the Python library's `messages=`). */
  messages?: readonly Message[] | undefined;
}

/** A model you can prompt. Get one with `llm.getModel(idOrAlias)`. */
export class Model<Options = Record<string, unknown>> {
  readonly adapter: ModelAdapter<Options>;
  #key: string | undefined;

  constructor(adapter: ModelAdapter<Options>) {
    this.adapter = adapter;
  }

  get modelId(): string {
    return this.adapter.modelId;
  }

  /** The MIME types this model accepts as attachments. */
  get attachmentTypes(): ReadonlySet<string> {
    return this.adapter.attachmentTypes ?? new Set();
  }

  get supportsTools(): boolean {
    return this.adapter.supportsTools ?? false;
  }

  get supportsSchema(): boolean {
    return this.adapter.supportsSchema ?? false;
  }

  get canStream(): boolean {
    return this.adapter.canStream ?? true;
  }

  /** The name its key is stored under (`openai`), or `undefined` when it needs none. */
  get keyName(): string | undefined {
    return this.adapter.keyName;
  }

  /** The environment variable its key is read from (`OPENAI_API_KEY`). */
  get keyEnvVar(): string | undefined {
    return this.adapter.keyEnvVar;
  }

  /** A key for every prompt to this model; wins over all other sources. Never shown or logged. */
  get key(): string | undefined {
    return this.#key;
  }

  set key(value: string | undefined) {
    this.#key = value;
  }

  /**
   * Prompts the model. Options are checked now; the request is sent when the
   * response is first consumed.
   * @example await llm.getModel("gpt-4o-mini").prompt("Five names for a pelican").text()
   */
  prompt(prompt?: string, options: PromptOptions<Options> = {}): Response {
    const adapter = this.adapter;
    const validated = validateOptions(adapter, options.options);
    const messages: Message[] = [...(options.messages ?? [])];
    if (options.system) messages.push({ role: "system", parts: [{ type: "text", text: options.system }] });
    if (prompt) messages.push({ role: "user", parts: [{ type: "text", text: prompt }] });
    const modelKey = this.#key;
    const { key: explicitKey, signal } = options;
    const stream = options.stream ?? true;
    return new Response({
      prompt: prompt ?? "",
      signal,
      start: async () => {
        const key = await resolveKey({ modelKey, explicitKey, keyName: adapter.keyName, keyEnvVar: adapter.keyEnvVar });
        return adapter.execute({ messages, options: validated, tools: [], stream, key, fetch: getFetch(), env: getEnv(), signal });
      },
    });
  }

  toString(): string {
    return `${this.adapter.provider ?? "Model"}: ${this.modelId}`;
  }
}
