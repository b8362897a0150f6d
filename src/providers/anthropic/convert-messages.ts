import type { AttachmentSource, Message, Part, ReasoningPart } from "../../spec/message.ts";

/** A source of an image or document block. */
export type AnthropicSource = { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };

/** A content block, as sent. */
export type AnthropicBlock = Record<string, unknown> & { type: string };

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: AnthropicBlock[];
}

/** What a thinking block needs to be sent back: kept under `providerMetadata.anthropic`. */
export interface AnthropicReasoningMetadata {
  /** The signature of a `thinking` block. */
  signature?: string;
  /** The encrypted `data` of a `redacted_thinking` block. */
  redactedData?: string;
}

export interface ConvertedMessages {
  /** The system prompts, joined by a blank line; `undefined` when there are none. */
  system: string | undefined;
  messages: AnthropicMessage[];
}

/**
 * Messages to the Messages API's `system` and `messages`, as the
 * llm-anthropic plugin builds them: system prompts go to the top-level
 * `system` (each distinct one once); `user` and `tool` messages become
 * `user` turns, merged with an adjacent user turn (tool results first, as
 * the API requires after a `tool_use`, then attachments, then text);
 * assistant turns carry their signed thinking blocks, text and `tool_use`
 * blocks. Reasoning without a signature (or redacted data) cannot be sent
 * back and is left out.
 */
export async function convertMessages(messages: readonly Message[]): Promise<ConvertedMessages> {
  const systems: string[] = [];
  const result: AnthropicMessage[] = [];
  for (const { role, parts } of messages) {
    if (role === "system") {
      for (const part of parts) if (part.type === "text" && part.text && !systems.includes(part.text)) systems.push(part.text);
      continue;
    }
    const blocks = role === "assistant" ? assistantBlocks(parts) : await userBlocks(parts);
    if (!blocks.length) continue;
    const anthropicRole = role === "assistant" ? "assistant" : "user";
    const last = result.at(-1);
    if (last?.role === anthropicRole) last.content.push(...blocks);
    else result.push({ role: anthropicRole, content: blocks });
  }
  return { system: systems.length ? systems.join("\n\n") : undefined, messages: result };
}

async function userBlocks(parts: readonly Part[]): Promise<AnthropicBlock[]> {
  const results: AnthropicBlock[] = [];
  const attachments: AnthropicBlock[] = [];
  const texts: AnthropicBlock[] = [];
  for (const part of parts) {
    if (part.type === "tool-result") results.push({ type: "tool_result", tool_use_id: part.toolCallId, content: part.output });
    else if (part.type === "attachment") attachments.push(await attachmentBlock(part.attachment));
    else if (part.type === "text" && part.text) texts.push({ type: "text", text: part.text });
  }
  return [...results, ...attachments, ...texts];
}

function assistantBlocks(parts: readonly Part[]): AnthropicBlock[] {
  // Thinking blocks must come first in an assistant turn.
  let reasoning: AnthropicBlock[] = [];
  const rest: AnthropicBlock[] = [];
  let firstToolUse: string | undefined;
  for (const part of parts) {
    if (part.type === "reasoning") {
      const block = reasoningBlock(part);
      if (block) reasoning.push(block);
    } else if (part.type === "text") {
      if (part.text) rest.push({ type: "text", text: part.text });
    } else if (part.type === "tool-call") {
      rest.push({ type: "tool_use", id: part.toolCallId, name: part.name, input: part.arguments ?? {} });
      firstToolUse ??= part.toolCallId;
    }
  }
  return [...reasoning, ...rest];
}

/** A `thinking` block with its signature, or a `redacted_thinking` block with its data. */
export function reasoningBlock(part: ReasoningPart): AnthropicBlock | undefined {
  const metadata = part.providerMetadata?.anthropic as AnthropicReasoningMetadata | undefined;
  if (metadata?.redactedData) return { type: "redacted_thinking", data: metadata.redactedData };
  if (metadata?.signature) return { type: "thinking", thinking: part.text, signature: metadata.signature };
  return undefined;
}

/**
 * Images as `image` blocks, PDFs as `document` blocks; a URL is sent as a
 * `url` source (the API fetches it), bytes and `data:` URLs as `base64`.
 */
async function attachmentBlock(attachment: AttachmentSource): Promise<AnthropicBlock> {
  const source: AnthropicSource =
    attachment.url && !/^data:/i.test(attachment.url)
      ? { type: "url", url: attachment.url }
      : { type: "base64", media_type: attachment.type, data: await attachment.base64() };
  return { type: attachment.type === "application/pdf" ? "document" : "image", source };
}
