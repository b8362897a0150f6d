import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StorageError } from "../../src/errors.ts";
import { createIndexedDBStorage } from "../../src/storage/indexeddb.ts";
import { describeContract } from "./describe-contract.ts";

let databases = 0;
const fresh = () => `test-${Date.now()}-${databases++}`;

describeContract("indexeddb (fake-indexeddb)", () => createIndexedDBStorage({ dbName: fresh() }));

function openDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(StorageError.is(error), `expected a StorageError, got ${String(error)}`).toBe(true);
  return error as StorageError;
}

describe("createIndexedDBStorage", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('uses the database "llm-anywhere" and the store "storage" by default', async () => {
    await createIndexedDBStorage().set("settings/default-model", "gpt-4o-mini");
    const db = await openDatabase("llm-anywhere");
    expect([...db.objectStoreNames]).toEqual(["storage"]);
    db.close();
    expect(await createIndexedDBStorage({ dbName: "llm-anywhere", storeName: "storage" }).get("settings/default-model")).toBe("gpt-4o-mini");
  });

  it("lists keys with a key range on the keys alone: no values read", async () => {
    const storage = createIndexedDBStorage({ dbName: fresh() });
    await storage.set("logs/1", { big: "x".repeat(1000) });
    await storage.set("logsx/2", 2);
    await storage.set("other/3", 3);
    const getAllKeys = vi.spyOn(IDBObjectStore.prototype, "getAllKeys");
    const getAll = vi.spyOn(IDBObjectStore.prototype, "getAll");
    const openCursor = vi.spyOn(IDBObjectStore.prototype, "openCursor");
    const get = vi.spyOn(IDBObjectStore.prototype, "get");
    expect(await storage.keys("logs/")).toEqual(["logs/1"]);
    const range = getAllKeys.mock.calls[0]![0] as IDBKeyRange;
    expect([range.lower, range.upper]).toEqual(["logs/", "logs/\uffff"]);
    expect(getAll).not.toHaveBeenCalled();
    expect(openCursor).not.toHaveBeenCalled();
    expect(get).not.toHaveBeenCalled();
    expect((await storage.keys()).sort()).toEqual(["logs/1", "logsx/2", "other/3"]);
  });

  it("lists only string keys when the store also holds others", async () => {
    const dbName = fresh();
    const storage = createIndexedDBStorage({ dbName });
    await storage.set("a", 1);
    const db = await openDatabase(dbName);
    const transaction = db.transaction("storage", "readwrite");
    transaction.objectStore("storage").put("n", 5);
    transaction.objectStore("storage").put("d", new Date(0));
    transaction.objectStore("storage").put("arr", ["a"]);
    await new Promise((resolve) => (transaction.oncomplete = resolve));
    db.close();
    expect(await storage.keys()).toEqual(["a"]);
  });

  it("turns QuotaExceededError into a StorageError that says the site's storage is full", async () => {
    const storage = createIndexedDBStorage({ dbName: fresh() });
    await storage.set("logs/kept", "kept");
    vi.spyOn(IDBObjectStore.prototype, "put").mockImplementation(() => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    });
    const error = await rejection(storage.set("logs/new", "too much"));
    expect(error.code).toBe("storage_error");
    expect(error.message).toBe(
      `Could not write "logs/new": the browser's storage for this site is full (QuotaExceededError). Delete old logs or embeddings, or free up disk space, then try again.`,
    );
    expect((error.cause as DOMException).name).toBe("QuotaExceededError");
    expect(await storage.get("logs/kept")).toBe("kept");
  });

  it("turns a value structured clone cannot copy into a StorageError", async () => {
    const storage = createIndexedDBStorage({ dbName: fresh() });
    const error = await rejection(storage.set("tools/x", { run: () => 1 }));
    expect(error.message).toMatch(/^Could not write "tools\/x": IndexedDB cannot store this value/);
    expect(await storage.get("tools/x")).toBeUndefined();
  });

  it("rejects keys that are not strings", async () => {
    const storage = createIndexedDBStorage({ dbName: fresh() });
    const error = await rejection(storage.get(42 as unknown as string));
    expect(error.message).toBe("Storage keys are strings; could not read \"42\" with a key of type number.");
  });

  it("says so when the database exists without the store", async () => {
    const dbName = fresh();
    await createIndexedDBStorage({ dbName, storeName: "first" }).set("a", 1);
    const error = await rejection(createIndexedDBStorage({ dbName, storeName: "second" }).get("a"));
    expect(error.message).toMatch(`the IndexedDB database "${dbName}" exists without the object store "second". Give each storeName a dbName of its own.`);
  });

  it("wraps other IndexedDB failures, keeping the cause", async () => {
    const storage = createIndexedDBStorage({ dbName: fresh() });
    const failure = new DOMException("Internal error opening backing store.", "UnknownError");
    vi.spyOn(indexedDB, "open").mockImplementation(() => {
      throw failure;
    });
    const error = await rejection(storage.keys("logs/"));
    expect(error.message).toMatch(/^Could not list the keys under "logs\/" in the IndexedDB database "test-.*" \(store "storage"\): UnknownError: Internal error opening backing store\.$/);
    expect(error.cause).toBe(failure);
  });

  it("without IndexedDB, creating works and every call rejects with advice", async () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, "indexedDB")!;
    delete (globalThis as { indexedDB?: unknown }).indexedDB;
    try {
      const storage = createIndexedDBStorage();
      for (const call of [storage.get("a"), storage.set("a", 1), storage.delete("a"), storage.keys()]) {
        const error = await rejection(call);
        expect(error.message).toBe(
          "IndexedDB is not available in this runtime: use createMemoryStorage() or another storage adapter (llm-anywhere/storage/fs, llm-anywhere/storage/cloudflare-kv).",
        );
      }
    } finally {
      Object.defineProperty(globalThis, "indexedDB", descriptor);
    }
  });
});
