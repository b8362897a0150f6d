import { getStorage } from "../configure.ts";
import type { KeysOptions } from "../spec/storage.ts";
import { logKeys, type LogEntry, type LoggedConversation, type LoggedFragment } from "./log-entry.ts";

export interface ListLogsOptions {
  /** At most this many entries. @default 50 */
  limit?: number | undefined;
  /** Only entries older than this response id (the last id of the previous page). */
  before?: string | undefined;
  /** Only this conversation's responses. */
  conversationId?: string | undefined;
  /** Only responses from this model id. */
  model?: string | undefined;
  /** Only responses whose prompt, system prompt or answer contains this text (case-insensitive). */
  query?: string | undefined;
}

const idsUnder = async (prefix: string, options?: KeysOptions) =>
  (await getStorage().keys(prefix, options)).map((key) => key.slice(key.lastIndexOf("/") + 1));

/**
 * Logged responses, newest first. Reads only the keys and the entries it
 * returns (plus those a `model` or `query` filter has to look at).
 * @example const page = await llm.logs.list({ limit: 50 }); const next = await llm.logs.list({ before: page.at(-1)?.id })
 */
async function list(options: ListLogsOptions = {}): Promise<LogEntry[]> {
  const { limit = 50, before, conversationId, model } = options;
  const query = options.query?.toLowerCase();
  // Without a filter that reads entries, only the newest `limit` ids are needed: a storage may list just those.
  const filtered = model !== undefined || query !== undefined;
  const ids = (await idsUnder(conversationId === undefined ? logKeys.responses : `${logKeys.turns}${conversationId}/`, { before, last: filtered ? undefined : limit }))
    .filter((id) => before === undefined || id < before)
    .sort()
    .reverse();
  const matches = (entry: LogEntry | undefined): entry is LogEntry =>
    !!entry &&
    (model === undefined || entry.model === model) &&
    (query === undefined || [entry.prompt, entry.system ?? "", entry.text].some((text) => text.toLowerCase().includes(query)));
  const found: LogEntry[] = [];
  const batch = filtered ? Math.max(limit, 100) : limit;
  for (let start = 0; start < ids.length && found.length < limit; start += batch) {
    const entries = await Promise.all(ids.slice(start, start + batch).map(get));
    found.push(...entries.filter(matches));
  }
  return found.slice(0, limit);
}

/** One logged response, or `undefined`. */
async function get(id: string): Promise<LogEntry | undefined> {
  return getStorage().get<LogEntry>(logKeys.responses + id);
}

/** Logged conversations, the most recently started first. */
async function conversations(options: { limit?: number | undefined } = {}): Promise<LoggedConversation[]> {
  const limit = options.limit ?? 50;
  const ids = (await idsUnder(logKeys.conversations, { last: limit })).sort().reverse().slice(0, limit);
  const found = await Promise.all(ids.map((id) => getStorage().get<LoggedConversation>(logKeys.conversations + id)));
  return found.filter((conversation): conversation is LoggedConversation => !!conversation);
}

/** A logged fragment's text and source, by id (as `LogEntry.fragments` lists them). */
async function fragment(id: string): Promise<LoggedFragment | undefined> {
  return getStorage().get<LoggedFragment>(logKeys.fragments + id);
}

/** A logged schema, by id (`LogEntry.schemaId`). */
async function schema(id: string): Promise<Record<string, unknown> | undefined> {
  return getStorage().get<Record<string, unknown>>(logKeys.schemas + id);
}

/**
 * Reading the logs that `llm.configure({ log: true })` writes to the
 * configured storage.
 */
export const logs = { list, get, conversations, fragment, schema };
