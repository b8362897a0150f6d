/**
 * The logs figures, shared by scripts/bench-logs.ts (Node: memory and fs
 * storage) and bench-entry.ts (Chromium: IndexedDB): fill a storage with
 * logged responses directly (the keys the logger writes), then time
 * `llm.logs.list({ limit: 50 })`, `llm.loadConversation(id)` and the time
 * logging adds to one echo response. Also a profile: every storage call one
 * run of each makes, with its duration.
 */
import * as llm from "../../../src/index.ts";
import { logKeys, type LogEntry, type LoggedConversation } from "../../../src/logs/log-entry.ts";
import type { Storage } from "../../../src/spec/storage.ts";
import { ulid } from "../../../src/ulid.ts";

export interface BenchOptions {
  /** Conversations to fill in. */
  conversations: number;
  /** Responses per conversation. */
  turns: number;
  /** Timed runs of list and loadConversation (the median is reported). */
  runs: number;
  /** Echo responses timed with logging off, then on. */
  prompts: number;
  /** Untimed echo responses before each timed series. */
  warmup: number;
  /** Storage writes in flight at once while filling. */
  fillConcurrency: number;
  /** A pause after filling, so the storage's background work (IndexedDB compaction) is not timed. */
  settleMs: number;
}

export const defaultBenchOptions: BenchOptions = { conversations: 1_000, turns: 10, runs: 5, prompts: 200, warmup: 20, fillConcurrency: 200, settleMs: 3_000 };

/** One storage call: `kind` is the method and the key with ids replaced by `*`. */
export interface TracedCall {
  kind: string;
  ms: number;
}

/** The storage calls one run of an operation made, summed by kind. */
export interface Profile {
  wallMs: number;
  calls: { kind: string; count: number; totalMs: number; maxMs: number }[];
}

export interface BenchResult {
  storage: string;
  responses: number;
  keysInStorage: number;
  fillMs: number;
  list: { runsMs: number[]; medianMs: number; returned: number; profile: Profile };
  load: { runsMs: number[]; medianMs: number; responses: number; profile: Profile };
  prompt: { offMedianMs: number; onMedianMs: number; addedMs: number; profile: Profile };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const kindOf = (method: string, key: string) =>
  `${method} ${key
    .replace(/^(logs\/turns\/)[^/]+\/[^/]+$/, "$1*/*")
    .replace(/^(logs\/turns\/)[^/]+\/$/, "$1*/")
    .replace(/^(logs\/(responses|conversations|fragments|schemas|attachments)\/).+$/, "$1*")}`;

/** `storage`, recording every call while `recording` is set. */
export function traced(storage: Storage): { storage: Storage; record<T>(work: () => Promise<T>): Promise<{ value: T; profile: Profile }> } {
  let calls: TracedCall[] | undefined;
  const timed = async <T>(kind: string, call: () => Promise<T>): Promise<T> => {
    if (!calls) return call();
    const log = calls;
    const start = performance.now();
    try {
      return await call();
    } finally {
      log.push({ kind, ms: performance.now() - start });
    }
  };
  const wrapper: Storage = {
    get: <T>(key: string) => timed(kindOf("get", key), () => storage.get<T>(key)),
    set: (key, value) => timed(kindOf("set", key), () => storage.set(key, value)),
    delete: (key) => timed(kindOf("delete", key), () => storage.delete(key)),
    keys: (prefix) => timed(kindOf("keys", prefix ?? ""), () => storage.keys(prefix)),
  };
  return {
    storage: wrapper,
    async record(work) {
      // Not reentrant: one recording at a time.
      calls = [];
      const recorded = calls;
      const start = performance.now();
      try {
        const value = await work();
        return { value, profile: summarise(performance.now() - start, recorded) };
      } finally {
        calls = undefined;
      }
    },
  };
}

function summarise(wallMs: number, calls: TracedCall[]): Profile {
  const byKind = new Map<string, { kind: string; count: number; totalMs: number; maxMs: number }>();
  for (const { kind, ms } of calls) {
    const row = byKind.get(kind) ?? { kind, count: 0, totalMs: 0, maxMs: 0 };
    row.count++;
    row.totalMs += ms;
    row.maxMs = Math.max(row.maxMs, ms);
    byKind.set(kind, row);
  }
  return { wallMs, calls: [...byKind.values()] };
}

/** Records `runs` runs; the profile of the run with the median wall time (one run alone is noisy). */
async function medianProfile(runs: number, record: () => Promise<{ profile: Profile }>): Promise<Profile> {
  const profiles: Profile[] = [];
  for (let run = 0; run < runs; run++) profiles.push((await record()).profile);
  return profiles.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(profiles.length / 2)]!;
}

/** What the echo model answers to `prompt` after `previous` prompts, about the size it really is. */
const echoText = (prompt: string, previous: string[]) =>
  JSON.stringify({ prompt, system: "", attachments: [], stream: true, previous: previous.map((text) => ({ prompt: text })) }, null, 2);

/**
 * Puts `conversations * turns` log entries into `storage` under the logger's
 * keys (`logs/responses/<id>`, `logs/turns/<conversationId>/<id>`,
 * `logs/conversations/<conversationId>`), ids from `ulid()` in time order.
 * Returns the conversation ids, oldest first.
 */
export async function fillLogs(storage: Storage, options: Pick<BenchOptions, "conversations" | "turns" | "fillConcurrency">): Promise<string[]> {
  const { conversations, turns, fillConcurrency } = options;
  const writes: [string, unknown][] = [];
  const conversationIds: string[] = [];
  // A conversation every 40 minutes over the last weeks, a turn every 30 seconds.
  const start = Date.now() - conversations * 40 * 60_000;
  for (let c = 0; c < conversations; c++) {
    const previous: string[] = [];
    let conversationId = "";
    for (let t = 0; t < turns; t++) {
      const time = start + c * 40 * 60_000 + t * 30_000;
      const id = ulid(time);
      conversationId ||= id;
      const prompt = `Conversation ${c}, question ${t}: ${"what do pelicans eat, and where do they nest? ".repeat(2)}`;
      const text = echoText(prompt, previous);
      const entry: LogEntry = {
        id,
        conversationId,
        model: "echo",
        resolvedModel: "echo",
        prompt,
        system: undefined,
        options: {},
        schemaId: undefined,
        fragments: [],
        systemFragments: [],
        attachments: [],
        text,
        reasoning: undefined,
        toolCalls: [],
        toolResults: [],
        usage: { input: prompt.length, output: text.length, details: undefined },
        finishReason: "stop",
        durationMs: 1,
        datetimeUtc: new Date(time).toISOString(),
      };
      previous.push(prompt);
      writes.push([logKeys.responses + id, entry], [`${logKeys.turns}${conversationId}/${id}`, 1]);
      if (t === 0) {
        const conversation: LoggedConversation = { id, name: prompt.slice(0, 60), model: "echo", datetimeUtc: entry.datetimeUtc };
        writes.push([logKeys.conversations + id, conversation]);
      }
    }
    conversationIds.push(conversationId);
  }
  let next = 0;
  const worker = async () => {
    while (next < writes.length) {
      const [key, value] = writes[next++]!;
      await storage.set(key, value);
    }
  };
  await Promise.all(Array.from({ length: fillConcurrency }, worker));
  return conversationIds;
}

/** Fills `storage` and measures; `label` names the storage in the result. */
export async function benchLogs(label: string, storage: Storage, options: BenchOptions = defaultBenchOptions): Promise<BenchResult> {
  const tracer = traced(storage);
  // Timed on the storage itself; the traced wrapper is configured only for the profiles.
  await llm.configure({ env: {}, storage, log: false });
  const fillStart = performance.now();
  const conversationIds = await fillLogs(storage, options);
  const fillMs = performance.now() - fillStart;
  const keysInStorage = (await storage.keys("logs/")).length;
  await new Promise((resolve) => setTimeout(resolve, options.settleMs));

  // A conversation from the middle of the history.
  const conversationId = conversationIds[Math.floor(conversationIds.length / 2)]!;
  const listRuns: number[] = [];
  const loadRuns: number[] = [];
  let returned = 0;
  let loaded = 0;
  for (let run = 0; run < options.runs; run++) {
    let began = performance.now();
    returned = (await llm.logs.list({ limit: 50 })).length;
    listRuns.push(performance.now() - began);
    began = performance.now();
    loaded = (await llm.loadConversation(conversationId)).responses.length;
    loadRuns.push(performance.now() - began);
  }
  await llm.configure({ storage: tracer.storage });
  const listProfile = await medianProfile(options.runs, () => tracer.record(() => llm.logs.list({ limit: 50 })));
  const loadProfile = await medianProfile(options.runs, () => tracer.record(() => llm.loadConversation(conversationId)));

  const model = llm.getModel("echo");
  const series = async (name: string) => {
    const times: number[] = [];
    for (let index = 0; index < options.warmup + options.prompts; index++) {
      const began = performance.now();
      await model.prompt(`${name} prompt ${index}`).text();
      if (index >= options.warmup) times.push(performance.now() - began);
    }
    return times;
  };
  await llm.configure({ storage });
  const off = await series("log-off");
  await llm.configure({ log: true });
  const on = await series("log-on");
  await llm.configure({ storage: tracer.storage });
  let profiled = 0;
  const promptProfile = await medianProfile(options.runs, () =>
    tracer.record(async () => {
      const response = model.prompt(`profiled prompt ${profiled++}`);
      await response.text();
      await response.logged;
    }),
  );
  await llm.configure({ log: false });
  const offMedianMs = median(off);
  const onMedianMs = median(on);
  return {
    storage: label,
    responses: options.conversations * options.turns,
    keysInStorage,
    fillMs,
    list: { runsMs: listRuns, medianMs: median(listRuns), returned, profile: listProfile },
    load: { runsMs: loadRuns, medianMs: median(loadRuns), responses: loaded, profile: loadProfile },
    prompt: { offMedianMs, onMedianMs, addedMs: onMedianMs - offMedianMs, profile: promptProfile },
  };
}
