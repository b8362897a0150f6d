import { pythonJson } from "../../python-json.ts";
import type { AttachmentSource, Message, Part, ReasoningPart } from "../../spec/message.ts";

/** A content item of a user message. */
export type ResponsesContentItem =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail: string }
  | { type: "input_file"; filename: string; file_data: string };

/** A reasoning item sent back on a later turn. */
export interface ResponsesReasoningItem {
  type: "reasoning";
  id: string;
  encrypted_content: string;
  summary: Array<{ type: "summary_text"; text: string }>;
}

/** One item of `input`, as sent. */
export type ResponsesInputItem =
  | { role: "user"; content: string | ResponsesContentItem[] }
  | { role: "assistant"; content: string }
  | { type: "function_call"; call_id: string; name: string; arguments: string }
  | { type: "function_call_output"; call_id: string; output: string }
  | ResponsesReasoningItem;

/** What a reasoning item needs to be sent back: kept under `providerMetadata.openai`. */
export interface OpenAIReasoningMetadata {
  /** The reasoning item's id (`rs_...`). */
  id: string;
  encrypted_content?: string | undefined;
  /** The summary parts as the API sent them. */
  summary?: Array<{ type: "summary_text"; text: string }> | undefined;
}

export interface ConvertedInput {
  /** The last system message's text, sent as `instructions`. */
  instructions: string | undefined;
  input: ResponsesInputItem[];
}

export interface ConvertOptions {
  /** `detail` of every image. @default "auto" */
  imageDetail?: string | undefined;
}

/**
 * Messages to the Responses API's `instructions` and `input`, as the Python
 * library builds them: the last system message becomes `instructions`; user
 * text is a plain string, or a content list (`input_text` first, then
 * images as `input_image` and PDFs as `input_file`) when there are
 * attachments; an assistant turn is its reasoning items (when their
 * encrypted content is known), its text, then one `function_call` item per
 * tool call; each tool result is a `function_call_output` item.
 */
export async function convertMessages(messages: readonly Message[], options: ConvertOptions = {}): Promise<ConvertedInput> {
  let instructions: string | undefined;
  const input: ResponsesInputItem[] = [];
  for (const { role, parts } of messages) {
    if (role === "system") {
      const text = joinText(parts, "\n");
      if (text) instructions = text;
    } else if (role === "assistant") {
      input.push(...assistantItems(parts));
    } else {
      // `user` and `tool` messages: tool results first (they answer the previous turn), then the rest.
      for (const part of parts) {
        if (part.type === "tool-result") input.push({ type: "function_call_output", call_id: part.toolCallId, output: part.output });
      }
      const text = joinText(parts, "\n");
      const attachments = parts.filter((part) => part.type === "attachment");
      if (attachments.length) {
        const content: ResponsesContentItem[] = text ? [{ type: "input_text", text }] : [];
        for (const part of attachments) content.push(await convertAttachment(part.attachment, options.imageDetail ?? "auto"));
        input.push({ role: "user", content });
      } else if (text) {
        input.push({ role: "user", content: text });
      }
    }
  }
  return { instructions, input };
}

function assistantItems(parts: readonly Part[]): ResponsesInputItem[] {
  let reasoning: ResponsesReasoningItem[] = [];
  const calls: ResponsesInputItem[] = [];
  let firstCall: string | undefined;
  for (const part of parts) {
    if (part.type === "reasoning") {
      const item = reasoningItem(part);
      if (item) reasoning.push(item);
    } else if (part.type === "tool-call") {
      // `json.dumps` spacing, as the Python library sends it.
      calls.push({ type: "function_call", call_id: part.toolCallId, name: part.name, arguments: pythonJson(part.arguments ?? {}) });
      firstCall ??= part.toolCallId;
    }
  }
  const text = joinText(parts, "");
  return [...reasoning, ...(text ? [{ role: "assistant" as const, content: text }] : []), ...calls];
}

/**
 * A reasoning part with `providerMetadata.openai` as a `reasoning` item.
 * Without encrypted content an item cannot be sent back (with `store:
 * false` the API has nothing to look its id up in), so it is left out.
 */
export function reasoningItem(part: ReasoningPart): ResponsesReasoningItem | undefined {
  const metadata = part.providerMetadata?.openai as OpenAIReasoningMetadata | undefined;
  if (!metadata?.id || !metadata.encrypted_content) return undefined;
  const summary = metadata.summary ?? (part.text ? [{ type: "summary_text" as const, text: part.text }] : []);
  return {
    type: "reasoning",
    id: metadata.id,
    encrypted_content: metadata.encrypted_content,
    summary,
  };
}

/**
 * Images as `input_image` (a URL is sent as is, bytes as a `data:` URI),
 * PDFs as `input_file` named `<attachment id>.pdf` with a `data:` URI.
 */
async function convertAttachment(attachment: AttachmentSource, detail: string): Promise<ResponsesContentItem> {
  const type = attachment.type;
  if (type === "application/pdf") {
    return { type: "input_file", filename: `${await attachment.id()}.pdf`, file_data: `data:application/pdf;base64,${await attachment.base64()}` };
  }
  const url = attachment.url ?? `data:${type};base64,${await attachment.base64()}`;
  return { type: "input_image", image_url: url, detail };
}

function joinText(parts: readonly Part[], separator: string): string {
  let text: string | undefined;
  for (const part of parts) {
    if (part.type === "text") text = text === undefined ? part.text : text + separator + part.text;
  }
  return text ?? "";
}
