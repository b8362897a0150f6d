/**
 * Messages made of typed parts: what a model is sent. A provider turns these
 * into its own wire format; nothing else in the SDK knows that format.
 */

/** JSON Schema, as a plain object. */
export type JsonSchema = Record<string, unknown>;

/** Who said it. `tool` messages carry tool results. */
export type Role = "system" | "user" | "assistant" | "tool";

export interface TextPart {
  readonly type: "text";
  readonly text: string;
}

/**
 * An attachment as a provider sees it. `type` is always resolved (a MIME
 * type) by the time a provider gets it; `url` is set when the attachment was
 * given as a URL and has not been downloaded.
 */
export interface AttachmentSource {
  readonly type: string;
  readonly url?: string | undefined;
  /** The file path, when the attachment was given as one (for display and logs). */
  readonly path?: string | undefined;
  /** The bytes (downloading a URL attachment if needed). */
  bytes(): Promise<Uint8Array>;
  /** The bytes, base64-encoded. */
  base64(): Promise<string>;
  /** sha256 hex of the bytes, or of `{"url": "<url>"}` for a URL never downloaded. */
  id(): Promise<string>;
}

export interface AttachmentPart {
  readonly type: "attachment";
  readonly attachment: AttachmentSource;
}

/** A tool call the model asked for. */
export interface ToolCallPart {
  readonly type: "tool-call";
  readonly toolCallId: string;
  readonly name: string;
  readonly arguments: Record<string, unknown>;
  /** What the provider needs sent back with this call, under its own name. */
  readonly providerMetadata?: Record<string, unknown> | undefined;
}

/** The result of running a tool, sent back to the model. */
export interface ToolResultPart {
  readonly type: "tool-result";
  readonly toolCallId: string;
  readonly name: string;
  /** What the model is told: a string. */
  readonly output: string;
}

/** Reasoning ("thinking") text, with whatever the provider needs to get it back. */
export interface ReasoningPart {
  readonly type: "reasoning";
  readonly text: string;
  readonly redacted?: boolean | undefined;
  /** What the provider needs to get this block back (a signature, encrypted content), under its own name. */
  readonly providerMetadata?: Record<string, unknown> | undefined;
}

export type Part = TextPart | AttachmentPart | ToolCallPart | ToolResultPart | ReasoningPart;

export interface Message {
  readonly role: Role;
  readonly parts: readonly Part[];
}
