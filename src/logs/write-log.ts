import { getStorage } from "../configure.ts";
import { StorageError } from "../errors.ts";
import type { FragmentLike } from "../fragment.ts";
import { toJsonSchema } from "../json-schema.ts";
import { textOf } from "../prompt-text.ts";
import { sentOf, setAfterFinish, type Response } from "../response.ts";
import { sha256Hex } from "../sha256-hex.ts";
import type { AttachmentSource, ReasoningPart } from "../spec/message.ts";
import type { Storage } from "../spec/storage.ts";
import { logKeys, type LogEntry, type LoggedAttachment, type LoggedToolResult } from "./log-entry.ts";

export interface LogOptions {
  /**
   * Content attachments (bytes, files from an input) up to this size are
   * stored with the log, once each, so a reloaded conversation can send them
   * again; larger ones are logged by id and type only. URL and path
   * attachments are logged as their URL or path.
   * @default 5 MiB
   */
  maxAttachmentBytes?: number | undefined;
  /**
   * Called when a response could not be logged (storage full or failing).
   * The answer itself is never lost: it has streamed, and `text()` resolves.
   * `response.logged` rejects with the same error.
   * @default console.warn of the error's message
   */
  onError?: ((error: StorageError, response: Response) => void) | undefined;
}

/** Responses that came from the log (`loadConversation`): not logged again. */
export const restored = new WeakSet<Response>();

/** Starts (options) or stops (`false`) logging every finished response to the configured storage. */
export function setLogging(options: LogOptions | false): void {
  if (!options) return setAfterFinish(undefined);
  // What each storage already holds (fragments, schemas, conversations), so each is written once.
  const written = new WeakMap<Storage, Set<string>>();
  setAfterFinish(async (response) => {
    if (restored.has(response)) return;
    const storage = getStorage();
    if (!written.has(storage)) written.set(storage, new Set());
    try {
      await writeLog(storage, response, options.maxAttachmentBytes ?? 5 * 1024 * 1024, written.get(storage)!);
    } catch (cause) {
      const error = StorageError.is(cause)
        ? cause
        : new StorageError(`Could not log response ${response.id}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
      if (options.onError) options.onError(error, response);
      else console.warn(`llm-anywhere: ${error.message}`);
      throw error;
    }
  });
}

/** Writes the parts first and the entry last, so an entry never refers to something missing. */
async function writeLog(storage: Storage, response: Response, maxAttachmentBytes: number, written: Set<string>): Promise<void> {
  const sent = sentOf(response);
  const messages = sent?.messages ?? [];
  // This turn: what follows the model's last answer (tool results, system prompt, prompt).
  let start = messages.length;
  while (start > 0 && messages[start - 1]!.role !== "assistant") start--;
  const turn = messages.slice(start);
  const once = async (key: string, value: () => Promise<unknown> | unknown) => {
    if (written.has(key)) return;
    await storage.set(key, await value());
    written.add(key);
  };
  const fragmentIds = (fragments: readonly FragmentLike[]) =>
    Promise.all(
      fragments.map(async (fragment) => {
        const content = String(fragment);
        const id = typeof fragment === "string" ? await sha256Hex(fragment) : await fragment.id();
        const source = typeof fragment === "string" ? undefined : fragment.source;
        await once(logKeys.fragments + id, () => ({ id, content, source }));
        return id;
      }),
    );
  const attachments: LoggedAttachment[] = [];
  for (const attachment of response.attachments) {
    const logged = await describeAttachment(attachment);
    attachments.push(logged);
    await once(logKeys.attachments + logged.id, async () => {
      if (logged.url !== undefined || logged.path !== undefined) return logged;
      const bytes = await attachment.bytes();
      return bytes.length <= maxAttachmentBytes ? { ...logged, content: await attachment.base64() } : logged;
    });
  }
  let schemaId: string | undefined;
  if (response.schema !== undefined) {
    const json = JSON.stringify(toJsonSchema(response.schema));
    schemaId = await sha256Hex(json);
    await once(logKeys.schemas + schemaId, () => JSON.parse(json));
  }
  const conversationId = response.conversationId ?? response.id;
  const entry: LogEntry = {
    id: response.id,
    conversationId,
    model: sent?.model ?? "",
    resolvedModel: await response.resolvedModel(),
    prompt: textOf(turn, "user"),
    system: textOf(turn, "system") || undefined,
    options: { ...sent?.options },
    schemaId,
    fragments: await fragmentIds(response.fragments),
    systemFragments: await fragmentIds(response.systemFragments),
    attachments,
    text: await response.text(),
    reasoning: (await response.reasoning()) || undefined,
    reasoningParts: await reasoningParts(response),
    toolCalls: await response.toolCalls(),
    toolResults: turn.flatMap((message) =>
      message.parts.flatMap((part): LoggedToolResult[] => (part.type === "tool-result" ? [{ toolCallId: part.toolCallId, name: part.name, output: part.output }] : [])),
    ),
    usage: await response.usage(),
    finishReason: await response.finishReason(),
    durationMs: await response.durationMs(),
    datetimeUtc: response.datetimeUtc() ?? new Date().toISOString(),
  };
  await storage.set(logKeys.responses + entry.id, entry);
  await storage.set(`${logKeys.turns}${conversationId}/${entry.id}`, 1);
  const conversationKey = logKeys.conversations + conversationId;
  if (!written.has(conversationKey)) {
    // The first response names the conversation; a conversation continued elsewhere keeps its name.
    if ((await storage.get(conversationKey)) === undefined) {
      const name = (entry.prompt || entry.text).replace(/\s+/g, " ").trim().slice(0, 60);
      await storage.set(conversationKey, { id: conversationId, name, model: entry.model, datetimeUtc: entry.datetimeUtc });
    }
    written.add(conversationKey);
  }
}

async function describeAttachment(attachment: AttachmentSource): Promise<LoggedAttachment> {
  const logged: LoggedAttachment = { id: await attachment.id(), type: attachment.type };
  if (attachment.url !== undefined) logged.url = attachment.url;
  else if (attachment.path !== undefined) logged.path = attachment.path;
  return logged;
}

/** The answer's reasoning blocks, kept only when one carries provider metadata (the text alone is `reasoning`). */
async function reasoningParts(response: Response): Promise<ReasoningPart[] | undefined> {
  const parts = (await response.messages()).flatMap((message) => message.parts.filter((part) => part.type === "reasoning"));
  return parts.some((part) => part.providerMetadata || part.redacted) ? parts : undefined;
}
