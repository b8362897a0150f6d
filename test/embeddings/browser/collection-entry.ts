/** The collection contract in Chromium on IndexedDB, each case on a database of its own. */
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";
import { runCollectionContract, type CollectionResult } from "../collection-contract.ts";

export async function run(): Promise<CollectionResult[]> {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  let count = 0;
  return runCollectionContract(() => createIndexedDBStorage({ dbName: `collections-${stamp}-${count++}` }));
}
