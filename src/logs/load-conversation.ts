import { attachment } from "../attachment.ts";
import { fromBase64 } from "../base64.ts";
import { getStorage } from "../configure.ts";
import { Conversation, type ConversationOptions } from "../conversation.ts";
import { NotFoundError } from "../errors.ts";
import type { Model } from "../model.ts";
import { turnMessages } from "../prompt-text.ts";
import { getModel } from "../registry.ts";
import { Response } from "../response.ts";
import type { Message, Part } from "../spec/message.ts";
import type { StreamPart } from "../spec/stream-part.ts";
import { logKeys, type LogEntry, type LoggedAttachment, type LoggedAttachmentContent } from "./log-entry.ts";
import { logs } from "./logs.ts";
import { restored } from "./write-log.ts";

export interface LoadConversationOptions extends ConversationOptions {
  /** The model to continue with. @default the model of the last logged response */
  model?: Model<any> | string | undefined;
}

/**
 * A logged conversation, ready to continue: its responses are restored from
 * the log (text, tool calls, tool results, attachments) and the next prompt
 * sends the whole history, after a page reload or a process restart.
 * Throws `NotFoundError` when the storage has no such conversation.
 * @example const conversation = await llm.loadConversation(id); await conversation.prompt("And then?").text()
 */
export async function loadConversation(id: string, options: LoadConversationOptions = {}): Promise<Conversation> {
  const entries = (await logs.list({ conversationId: id, limit: Infinity })).reverse();
  if (!entries.length) throw new NotFoundError(`No logged conversation with id ${id} in the configured storage: list them with llm.logs.conversations().`);
  const { model: chosen, ...conversationOptions } = options;
  const model = typeof chosen === "object" ? chosen : getModel(chosen ?? entries.at(-1)!.model);
  const responses: Response[] = [];
  let history: Message[] = [];
  for (const entry of entries) {
    const turn = await turnOf(entry);
    const messages = [...history, ...turn];
    const response = new Response({
      prompt: entry.prompt,
      start: async () => ({ stream: replay(entry), messages, tools: [], model: entry.model, options: entry.options }),
    });
    // The logged id, not a new one (ids are plain fields; `readonly` is for users).
    (response as { id: string }).id = entry.id;
    restored.add(response);
    history = [...messages, ...(await response.messages())];
    responses.push(response);
  }
  return new Conversation(model, { ...conversationOptions, id, responses });
}

/** This turn's messages, rebuilt the way `prompt()` builds them. */
async function turnOf(entry: LogEntry): Promise<Message[]> {
  const extra = await Promise.all(entry.attachments.map(restoreAttachment));
  return turnMessages(entry.toolResults, entry.system, entry.prompt, extra);
}

async function restoreAttachment(logged: LoggedAttachment): Promise<Part> {
  const stored: LoggedAttachmentContent = (await getStorage().get<LoggedAttachmentContent>(logKeys.attachments + logged.id)) ?? logged;
  const { type, url, path, content } = stored;
  if (url !== undefined) return { type: "attachment", attachment: attachment({ url, type }) };
  if (content !== undefined) return { type: "attachment", attachment: attachment({ content: fromBase64(content), type }) };
  if (path !== undefined) return { type: "attachment", attachment: attachment({ path, type }) };
  return { type: "text", text: `[A ${type} attachment was sent here; it was too large to keep in the log.]` };
}

/** The logged answer as the parts a provider would have streamed. */
function replay(entry: LogEntry): ReadableStream<StreamPart> {
  const parts: StreamPart[] = [{ type: "response-metadata", model: entry.resolvedModel }];
  if (entry.reasoningParts) {
    // Each block's text, then its metadata, which ends the block (as providers stream them).
    for (const { text, redacted, providerMetadata } of entry.reasoningParts) parts.push({ type: "reasoning-delta", text, redacted, providerMetadata: providerMetadata ?? {} });
  } else if (entry.reasoning) parts.push({ type: "reasoning-delta", text: entry.reasoning });
  if (entry.text) parts.push({ type: "text-delta", text: entry.text });
  for (const call of entry.toolCalls) parts.push({ type: "tool-call", ...call });
  parts.push({ type: "usage", input: entry.usage.input, output: entry.usage.output, details: entry.usage.details }, { type: "finish", reason: entry.finishReason });
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}
