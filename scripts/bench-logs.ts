/**
 * Figures for the logs: with 10,000 logged responses (1,000 conversations of
 * 10 turns) in one storage, the median of 5 runs of `llm.logs.list({ limit: 50 })`
 * and `llm.loadConversation(<a 10-turn conversation>)`, and the time logging
 * adds to one echo response (median of 200 with logging off, then on), for
 * memory and fs storage in Node and IndexedDB in real Chromium. Then a profile
 * per storage: the storage calls one run of each made, and their times.
 * Figures only: nothing is asserted.
 *
 * Usage: node --import tsx --conditions=llm-anywhere:source scripts/bench-logs.ts
 *   [--only memory,fs,indexeddb] [--conversations 1000] [--turns 10] [--runs 5] [--prompts 200] [--json]
 *   [--idb disk,memory]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type BrowserContext } from "playwright-core";
import { createFsStorage } from "../src/storage/fs.ts";
import { createMemoryStorage } from "../src/storage/memory.ts";
import { bundleForBrowser, chromiumArgs, chromiumPath, runInChromium, serve } from "../test/helpers/chromium.ts";
import { benchLogs, defaultBenchOptions, type BenchOptions, type BenchResult, type Profile } from "../test/logs/browser/log-bench.ts";

const { values: flags } = parseArgs({
  options: {
    only: { type: "string", default: "memory,fs,indexeddb" },
    conversations: { type: "string" },
    turns: { type: "string" },
    runs: { type: "string" },
    prompts: { type: "string" },
    json: { type: "boolean", default: false },
    idb: { type: "string", default: "disk,memory" },
  },
});
const options: BenchOptions = {
  ...defaultBenchOptions,
  ...(flags.conversations && { conversations: Number(flags.conversations) }),
  ...(flags.turns && { turns: Number(flags.turns) }),
  ...(flags.runs && { runs: Number(flags.runs) }),
  ...(flags.prompts && { prompts: Number(flags.prompts) }),
};
const only = new Set(flags.only!.split(","));
const progress = (text: string) => process.stderr.write(`${text}\n`);
const results: BenchResult[] = [];

/** Runs `entry`'s `run(arg, 0)` in one page of Chromium with a persistent profile in a temporary directory (IndexedDB on disk). */
async function runOnDisk<T>(entry: string, arg: unknown): Promise<T> {
  const server = await serve({ "/index.html": '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title>', "/entry.js": await bundleForBrowser(entry) });
  const profile = await mkdtemp(path.join(tmpdir(), "llm-anywhere-bench-profile-"));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs, headless: true });
    const page = await context.newPage();
    page.on("pageerror", (error) => progress(`page error: ${error.message}`));
    await page.goto(server.url);
    return (await page.evaluate(`(async () => (await import("/entry.js")).run(${JSON.stringify(arg)}, 0))()`)) as T;
  } finally {
    await context?.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
}
if (only.has("memory")) {
  progress("memory storage (Node)...");
  results.push(await benchLogs("memory (Node)", createMemoryStorage(), options));
}
if (only.has("fs")) {
  const dir = await mkdtemp(path.join(tmpdir(), "llm-anywhere-bench-logs-"));
  try {
    progress(`fs storage (Node, ${dir})...`);
    results.push(await benchLogs("fs (Node)", createFsStorage({ dir }), options));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
if (only.has("indexeddb")) {
  // On disk: a persistent profile, as a user's browser keeps IndexedDB. In memory:
  // a fresh context of a launched browser (what runInChromium and the tests use),
  // which Chromium keeps off the record.
  for (const where of flags.idb!.split(",")) {
    const label = `IndexedDB (Chromium, ${where === "disk" ? "on disk" : "in memory"})`;
    progress(`${label}...`);
    const dbName = `bench-logs-${Date.now()}`;
    const run = <T>(entry: string, arg: unknown) => (where === "disk" ? runOnDisk<T>(entry, arg) : runInChromium<T>(entry, { arg, timeoutMs: 600_000 }).then(([result]) => result!));
    results.push(await run<BenchResult>("test/logs/browser/bench-entry.ts", { dbName, label, options }));
  }
}

if (flags.json) {
  console.log(JSON.stringify({ results }, null, 2));
} else {
  const ms = (value: number) => `${value.toFixed(Math.abs(value) < 1 ? 2 : 1)} ms`;
  const table = [
    ["storage", "fill", "logs.list({ limit: 50 })", "loadConversation (10 turns)", "echo, log off", "echo, log on", "added by logging"],
    ...results.map((result) => [
      result.storage,
      `${(result.fillMs / 1000).toFixed(1)} s`,
      ms(result.list.medianMs),
      ms(result.load.medianMs),
      ms(result.prompt.offMedianMs),
      ms(result.prompt.onMedianMs),
      ms(result.prompt.addedMs),
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" | ")} |`;
  console.log(
    `${options.conversations * options.turns} logged responses (${options.conversations} conversations of ${options.turns} turns); ` +
      `medians of ${options.runs} runs (list, loadConversation) and of ${options.prompts} echo responses (after ${options.warmup} untimed).`,
  );
  console.log(line(table[0]!));
  console.log(`|${widths.map((width, column) => (column === 0 ? "-".repeat(width + 2) : `${"-".repeat(width + 1)}:`)).join("|")}|`);
  for (const row of table.slice(1)) console.log(line(row));
  for (const result of results) {
    console.log(`\n${result.storage}: ${result.keysInStorage} keys under logs/; list runs ${result.list.runsMs.map(ms).join(", ")} (${result.list.returned} returned); ` +
      `loadConversation runs ${result.load.runsMs.map(ms).join(", ")} (${result.load.responses} responses)`);
    const profile = (name: string, { wallMs, calls }: Profile) => {
      console.log(`  profile of one ${name} (the median of ${options.runs} traced runs): ${ms(wallMs)} wall`);
      for (const call of calls) {
        console.log(
          `    ${call.kind.padEnd(28)} ${String(call.count).padStart(4)} calls, ${ms(call.totalMs).padStart(10)} summed (calls at once overlap), slowest ${ms(call.maxMs)}`,
        );
      }
    };
    profile("logs.list({ limit: 50 })", result.list.profile);
    profile("loadConversation", result.load.profile);
    profile("logged echo response", result.prompt.profile);
  }
}
