/**
 * A full disk, simulated: `IDBObjectStore.prototype.put` throws the
 * QuotaExceededError Chromium throws. `set` must reject with a StorageError;
 * reads must keep working.
 */
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";
import { StorageError } from "../../../src/errors.ts";

export async function run({ dbName }: { dbName: string }) {
  const storage = createIndexedDBStorage({ dbName });
  await storage.set("logs/kept", { text: "written before the disk filled up" });
  await storage.set("keys/openai", "sk-test");
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  };
  let error: unknown;
  let readWhileFull: unknown;
  let keysWhileFull: string[] = [];
  try {
    await storage.set("logs/new", { text: "does not fit" });
  } catch (caught) {
    error = caught;
  } finally {
    readWhileFull = await storage.get("logs/kept").catch((caught: unknown) => `read failed: ${String(caught)}`);
    keysWhileFull = await storage.keys();
    IDBObjectStore.prototype.put = put;
  }
  await storage.set("logs/after", "fits again");
  const failure = error as StorageError | undefined;
  return {
    rejected: error !== undefined,
    isStorageError: StorageError.is(error),
    instanceOfStorageError: error instanceof StorageError,
    code: failure?.code,
    name: failure?.name,
    message: failure?.message,
    causeName: (failure?.cause as DOMException | undefined)?.name,
    readWhileFull,
    keysWhileFull: keysWhileFull.sort(),
    afterRestore: await storage.get("logs/after"),
  };
}
