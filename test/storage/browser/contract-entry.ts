/** The storage contract in Chromium, each case on a database of its own. */
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";
import { runContract, type ContractResult } from "../contract.ts";

export async function run(): Promise<ContractResult[]> {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  let count = 0;
  return runContract(() => createIndexedDBStorage({ dbName: `contract-${stamp}-${count++}` }));
}
