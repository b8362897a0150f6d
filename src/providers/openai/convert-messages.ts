import type { AttachmentSource, Message, Part } from "../../spec/message.ts";

/** A content item of a user message. */
export type ChatContentItem =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } }
  | { type: "input_audio"; input_audio: { data: string; format: "wav" | "mp3" } }
  | { type: "file"; file: { filename: string; file_data: string } };

export interface ChatToolCall {
  type: "function";
  id: string;
  function: { name: string; arguments: string };
}

/** One chat-completions message, as sent. */
export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ChatContentItem[] }
  | { role: "assistant"; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

/**
 * Messages to chat-completions `messages`, as the Python library builds
 * them: a system message is sent again only when it changed; user text is
 * a plain string, or a content array (text first, then attachments) when
 * there are attachments; an assistant turn carries its text (`null` when
 * it has only tool calls) and `tool_calls`; each tool result is its own
 * `tool` message, and attachments returned with tool results follow them as
 * a user message. Reasoning parts are not sent.
 */
export async function convertMessages(messages: readonly Message[]): Promise<ChatMessage[]> {
  const result: ChatMessage[] = [];
  let currentSystem: string | undefined;
  for (const message of messages) {
    const { role, parts } = message;
    if (role === "system") {
      const text = joinText(parts, "\n");
      if (!text || text === currentSystem) continue;
      currentSystem = text;
      result.push({ role: "system", content: text });
    } else if (role === "assistant") {
      const assistant = convertAssistant(parts);
      if (assistant) result.push(assistant);
    } else {
      // `user` and `tool` messages: tool results first (they answer the previous turn), then the rest.
      for (const part of parts) {
        if (part.type === "tool-result") result.push({ role: "tool", tool_call_id: part.toolCallId, content: part.output });
      }
      const text = joinText(parts, "\n");
      const attachments = parts.filter((part) => part.type === "attachment");
      if (attachments.length) {
        const content: ChatContentItem[] = text ? [{ type: "text", text }] : [];
        for (const part of attachments) content.push(await convertAttachment(part.attachment));
        result.push({ role: "user", content });
      } else if (text) {
        result.push({ role: "user", content: text });
      }
    }
  }
  return result;
}

/** `undefined` for a turn with neither text nor tool calls (only reasoning, say): nothing to send. */
function convertAssistant(parts: readonly Part[]): ChatMessage | undefined {
  const text = joinText(parts, "");
  const toolCalls: ChatToolCall[] = [];
  for (const part of parts) {
    if (part.type === "tool-call") {
      toolCalls.push({
        type: "function",
        id: part.toolCallId,
        function: { name: part.name, arguments: JSON.stringify(part.arguments ?? {}) },
      });
    }
  }
  if (!toolCalls.length) return text ? { role: "assistant", content: text } : undefined;
  return { role: "assistant", content: text || null, tool_calls: toolCalls };
}

/**
 * Images as `image_url` (a URL is sent as is, bytes as a `data:` URI), audio
 * as `input_audio` (always inlined; `audio/wav` is `wav`, anything else
 * `mp3`), PDFs as `file` named `<attachment id>.pdf`.
 */
async function convertAttachment(attachment: AttachmentSource): Promise<ChatContentItem> {
  const type = attachment.type;
  if (type === "application/pdf") {
    return {
      type: "file",
      file: { filename: `${await attachment.id()}.pdf`, file_data: `data:application/pdf;base64,${await attachment.base64()}` },
    };
  }
  if (type.startsWith("audio/")) {
    return { type: "input_audio", input_audio: { data: await attachment.base64(), format: type === "audio/wav" ? "wav" : "mp3" } };
  }
  const url = attachment.url ?? `data:${type};base64,${await attachment.base64()}`;
  return { type: "image_url", image_url: { url } };
}

function joinText(parts: readonly Part[], separator: string): string {
  let text: string | undefined;
  for (const part of parts) {
    if (part.type === "text") text = text === undefined ? part.text : text + separator + part.text;
  }
  return text ?? "";
}
