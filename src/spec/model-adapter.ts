import type { JsonSchema, Message } from "./message.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";
import type { StreamPart } from "./stream-part.ts";

/** A tool as a provider sends it to the model. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string | undefined;
  readonly parameters: JsonSchema;
}

/** The environment variables keys and base URLs are read from. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Everything a provider needs for one request. */
export interface ModelCall<Options = Record<string, unknown>> {
  /** The whole history, then the new turn. System prompts are `system` messages. */
  readonly messages: readonly Message[];
  /** Options already validated by the adapter's `optionsSchema`. */
  readonly options: Options;
  readonly tools: readonly ToolDefinition[];
  readonly schema?: JsonSchema | undefined;
  /** `false`: ask for one JSON answer instead of a stream (the parts are the same). */
  readonly stream: boolean;
  /** The resolved key; `undefined` for a model that needs none. */
  readonly key?: string | undefined;
  readonly fetch: typeof globalThis.fetch;
  readonly env: Env;
  readonly signal?: AbortSignal | undefined;
  /** The prompt asked to leave reasoning out: do not ask the provider for it where that is an option. */
  readonly hideReasoning?: boolean | undefined;
}

/**
 * What a provider implements for each model it offers, and what plugins
 * register with `llm.registerModels(register => register(adapter, { aliases }))`.
 */
export interface ModelAdapter<Options = Record<string, unknown>> {
  readonly modelId: string;
  /** How the model is described, e.g. `OpenAI Chat`. */
  readonly provider?: string | undefined;
  /** The name the key is stored under (`openai`); omit when the model needs no key. */
  readonly keyName?: string | undefined;
  /** The environment variable the key is read from (`OPENAI_API_KEY`). */
  readonly keyEnvVar?: string | undefined;
  readonly canStream?: boolean | undefined;
  /** MIME types accepted as attachments. */
  readonly attachmentTypes?: ReadonlySet<string> | undefined;
  readonly supportsTools?: boolean | undefined;
  readonly supportsSchema?: boolean | undefined;
  /** Validates `options` at `prompt()` time; unknown names must be rejected. */
  readonly optionsSchema?: StandardSchemaV1<unknown, Options> | undefined;
  /** Starts the request. Errors before the first part may be thrown or put in the stream. */
  execute(call: ModelCall<Options>): ReadableStream<StreamPart> | Promise<ReadableStream<StreamPart>>;
}
