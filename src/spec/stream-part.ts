/**
 * What a provider emits while a response streams. `Response` assembles these;
 * it knows nothing about HTTP or wire formats.
 *
 * A provider closes its stream only after the provider's own end marker
 * (e.g. OpenAI's `[DONE]`); a body that ends early must error the stream
 * with a `StreamError`, never close it.
 */
export type StreamPart =
  | ResponseMetadataPart
  | TextDeltaPart
  | ReasoningDeltaPart
  | ToolCallDeltaPart
  | ToolCallStreamPart
  | UsagePart
  | FinishPart
  | RawPart;

/** The provider's response id and the model that actually answered. */
export interface ResponseMetadataPart {
  readonly type: "response-metadata";
  readonly id?: string | undefined;
  readonly model?: string | undefined;
}

export interface TextDeltaPart {
  readonly type: "text-delta";
  readonly text: string;
}

/**
 * Reasoning text as it streams. A delta that carries `providerMetadata` (or
 * `redacted`) ends the current reasoning block: the block's text so far and
 * that metadata (a signature, encrypted content) become one reasoning part of
 * the answer's message, sent back as the provider needs on later turns.
 * Providers emit it once per block, at the block's end, usually with `text: ""`.
 */
export interface ReasoningDeltaPart {
  readonly type: "reasoning-delta";
  readonly text: string;
  /** The block's reasoning is not readable (encrypted or withheld by the provider). */
  readonly redacted?: boolean | undefined;
  /** What the provider needs to get this block back, under its own name (`{ anthropic: { signature } }`). */
  readonly providerMetadata?: Record<string, unknown> | undefined;
}

/** A fragment of a tool call as it streams (for display; `tool-call` is authoritative). */
export interface ToolCallDeltaPart {
  readonly type: "tool-call-delta";
  /** Position of the call within this response. */
  readonly index: number;
  readonly toolCallId?: string | undefined;
  readonly name?: string | undefined;
  readonly argumentsDelta: string;
}

/** A complete tool call. */
export interface ToolCallStreamPart {
  readonly type: "tool-call";
  /** The provider's id; `Response` generates `tc_...` when there is none. */
  readonly toolCallId?: string | undefined;
  readonly name: string;
  /** The arguments as the provider sent them: JSON text (`""` means `{}`) or an object. */
  readonly arguments: string | Record<string, unknown>;
  /** What the provider needs sent back with this call (Gemini's `thoughtSignature`), under its own name. */
  readonly providerMetadata?: Record<string, unknown> | undefined;
}

/** Token counts. Later `usage` parts replace earlier ones. */
export interface UsagePart {
  readonly type: "usage";
  readonly input?: number | undefined;
  readonly output?: number | undefined;
  readonly details?: Record<string, unknown> | undefined;
}

/** Why the model stopped, in the provider's own words (`stop`, `tool_calls`, `length`, ...). */
export interface FinishPart {
  readonly type: "finish";
  readonly reason?: string | undefined;
}

/** The provider's raw response as one JSON value (re-assembled from the stream where streamed). */
export interface RawPart {
  readonly type: "raw";
  readonly value: unknown;
}
