/**
 * Several pages of one origin write `logs/<page>-<i>` into one database at
 * once; each then waits (bounded) until every page's keys are there and reads
 * them all back.
 */
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";

export interface ConcurrentArg {
  dbName: string;
  pages: number;
  count: number;
}

export interface ConcurrentResult {
  startedAt: number;
  writtenAt: number;
  keys: string[];
  /** Keys whose value is not `{ page, index }` as written. */
  wrong: string[];
}

export async function run({ dbName, pages, count }: ConcurrentArg, page: number): Promise<ConcurrentResult> {
  const storage = createIndexedDBStorage({ dbName });
  const startedAt = Date.now();
  // Many writes in flight at once, a bounded number of them.
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, offset) => start + offset);
    await Promise.all(batch.map((index) => storage.set(`logs/${page}-${String(index).padStart(4, "0")}`, { page, index })));
  }
  const writtenAt = Date.now();
  let keys = await storage.keys("logs/");
  for (let attempt = 0; keys.length < pages * count && attempt < 600; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    keys = await storage.keys("logs/");
  }
  const values = await Promise.all(keys.map((key) => storage.get<{ page: number; index: number }>(key)));
  const wrong = keys.filter((key, position) => {
    const value = values[position];
    return value === undefined || key !== `logs/${value.page}-${String(value.index).padStart(4, "0")}`;
  });
  return { startedAt, writtenAt, keys, wrong };
}
