import type { Usage } from "../response.ts";
import type { ToolCall } from "../tool.ts";
import type { ReasoningPart } from "../spec/message.ts";

/**
 * Where logs live in the storage. Every record has a key of its own, so two
 * writers (two tabs, two Worker isolates, two processes) never read, change
 * and write back a shared index, and lose nothing.
 */
export const logKeys = {
  /** `logs/responses/<responseId>`: a `LogEntry`. */
  responses: "logs/responses/",
  /** `logs/turns/<conversationId>/<responseId>`: the responses of a conversation. */
  turns: "logs/turns/",
  /** `logs/conversations/<conversationId>`: a `LoggedConversation`. */
  conversations: "logs/conversations/",
  /** `logs/fragments/<sha256>`: a `LoggedFragment`, stored once however often used. */
  fragments: "logs/fragments/",
  /** `logs/schemas/<sha256>`: a JSON Schema, stored once. */
  schemas: "logs/schemas/",
  /** `logs/attachments/<id>`: a `LoggedAttachmentContent`, stored once. */
  attachments: "logs/attachments/",
} as const;

/** An attachment as a log entry refers to it. */
export interface LoggedAttachment {
  /** sha256 of the bytes (or of `{"url": ...}` for a URL), as the Python library's. */
  id: string;
  type: string;
  url?: string | undefined;
  path?: string | undefined;
}

/** What `logs/attachments/<id>` holds: the bytes of a content attachment, when under the size cap. */
export interface LoggedAttachmentContent extends LoggedAttachment {
  /** The bytes, base64; absent when they were above `maxAttachmentBytes` (or given as a URL or path). */
  content?: string | undefined;
}

export interface LoggedFragment {
  id: string;
  content: string;
  source?: string | undefined;
}

/** A tool result sent to the model in this turn. */
export interface LoggedToolResult {
  toolCallId: string;
  name: string;
  output: string;
}

/** One logged response: what was asked, and the answer. Never holds a key. */
export interface LogEntry {
  /** The response's id (a ULID: sorting ids sorts by time). */
  id: string;
  conversationId: string;
  /** The model's id, as `llm.getModel()` takes it. */
  model: string;
  /** The model that answered, as the provider named it. */
  resolvedModel?: string | undefined;
  /** The prompt text sent (fragments included). */
  prompt: string;
  /** The system prompt sent (system fragments included). */
  system?: string | undefined;
  options: Record<string, unknown>;
  /** The schema's id (`logs/schemas/<id>`). */
  schemaId?: string | undefined;
  /** Fragment ids (`logs/fragments/<id>`), in order. */
  fragments: string[];
  systemFragments: string[];
  attachments: LoggedAttachment[];
  /** The answer's text. */
  text: string;
  reasoning?: string | undefined;
  /**
   * The reasoning blocks, when any carries what its provider needs to get it
   * back on a later turn (a signature, encrypted content): `loadConversation`
   * sends them as the original conversation did.
   */
  reasoningParts?: ReasoningPart[] | undefined;
  /** With each call's `providerMetadata` (Gemini's `thoughtSignature`), when it had one. */
  toolCalls: ToolCall[];
  /** Tool results sent with this prompt. */
  toolResults: LoggedToolResult[];
  usage: Usage;
  finishReason?: string | undefined;
  durationMs: number;
  /** When the request was sent (ISO 8601, UTC). */
  datetimeUtc: string;
}

/** A logged conversation, as `llm.logs.conversations()` lists it. */
export interface LoggedConversation {
  id: string;
  /** The first prompt, shortened: a name to show in a list. */
  name: string;
  model: string;
  datetimeUtc: string;
}
