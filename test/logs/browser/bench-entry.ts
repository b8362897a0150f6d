/** The logs figures for IndexedDB, inside a Chromium page (see log-bench.ts and scripts/bench-logs.ts). */
import { createIndexedDBStorage } from "../../../src/storage/indexeddb.ts";
import { benchLogs, type BenchOptions, type BenchResult } from "./log-bench.ts";

export async function run({ dbName, label, options }: { dbName: string; label: string; options: BenchOptions }): Promise<BenchResult> {
  return benchLogs(label, createIndexedDBStorage({ dbName }), options);
}
