import { createStore, del, get, promisifyRequest, set, type UseStore } from "idb-keyval";
import { StorageError } from "../errors.ts";
import type { KeysOptions, Storage } from "../spec/storage.ts";

export interface IndexedDBStorageOptions {
  /**
   * The IndexedDB database to use. The object store is created together with
   * the database, so give each `storeName` a database of its own.
   * @default "llm-anywhere"
   */
  dbName?: string;
  /**
   * The object store inside the database that holds the keys and values.
   * @default "storage"
   */
  storeName?: string;
}

/**
 * Storage in the browser's IndexedDB (through idb-keyval): keys, aliases,
 * logs and embeddings survive reloads and are shared by every tab of the
 * site. Values are stored by structured clone, so what is stored is a copy.
 * Nothing is opened before the first call; every failure is a `StorageError`.
 *
 * @example
 * import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";
 * await llm.configure({ storage: createIndexedDBStorage() });
 */
export function createIndexedDBStorage(options: IndexedDBStorageOptions = {}): Storage {
  const dbName = options.dbName ?? "llm-anywhere";
  const storeName = options.storeName ?? "storage";
  let store: UseStore | undefined;

  async function use<T>(action: string, key: unknown, operation: (store: UseStore) => Promise<T>): Promise<T> {
    if (!hasIndexedDB()) {
      throw new StorageError(
        "IndexedDB is not available in this runtime: use createMemoryStorage() or another storage adapter (llm-anywhere/storage/fs, llm-anywhere/storage/cloudflare-kv).",
      );
    }
    if (typeof key !== "string") throw new StorageError(`Storage keys are strings; could not ${action} with a key of type ${typeof key}.`);
    try {
      // idb-keyval opens the database on the first request, not here.
      return await operation((store ??= createStore(dbName, storeName)));
    } catch (error) {
      throw toStorageError(error, action, dbName, storeName);
    }
  }

  return {
    get<T>(key: string) {
      return use(`read "${key}"`, key, (useStore) => get<T>(key, useStore));
    },
    set(key, value) {
      return use(`write "${key}"`, key, (useStore) => set(key, value, useStore));
    },
    delete(key) {
      return use(`delete "${key}"`, key, (useStore) => del(key, useStore));
    },
    async keys(prefix = "", options: KeysOptions = {}) {
      const { before, last } = options;
      const upper = before === undefined ? `${prefix}\uffff` : prefix + before;
      const found = await use(prefix ? `list the keys under "${prefix}"` : "list the keys", prefix, (useStore) =>
        useStore("readonly", (objectStore) => {
          // A key range reads only the keys under the prefix: no values, no
          // other prefixes. Strings sort after numbers and dates, so
          // `lowerBound("")` skips those; binary and array keys are filtered
          // below. (A key continuing the prefix with U+FFFF followed by more
          // text would sort past the upper bound; nobody names keys so.)
          const range = prefix || before !== undefined ? IDBKeyRange.bound(prefix, upper, false, before !== undefined) : IDBKeyRange.lowerBound("");
          if (last === undefined) return promisifyRequest(objectStore.getAllKeys(range));
          // Only the last few wanted (the newest logs): walk the index backwards and stop.
          const keys: IDBValidKey[] = [];
          const cursor = objectStore.openKeyCursor(range, "prev");
          return new Promise<IDBValidKey[]>((resolve, reject) => {
            cursor.onerror = () => reject(cursor.error);
            cursor.onsuccess = () => {
              const at = cursor.result;
              if (!at || keys.length >= last) return resolve(keys);
              keys.push(at.key);
              at.continue();
            };
          });
        }),
      );
      return found.filter((key): key is string => typeof key === "string");
    },
  };
}

/** `indexedDB` can be missing (Node, workerd) or a getter that throws (blocked site data in some browsers). */
function hasIndexedDB(): boolean {
  try {
    return typeof indexedDB !== "undefined" && indexedDB !== null;
  } catch {
    return false;
  }
}

function toStorageError(error: unknown, action: string, dbName: string, storeName: string): StorageError {
  if (StorageError.is(error)) return error;
  // DOMExceptions from another realm (or fake-indexeddb) fail `instanceof`: read name and message.
  const { name, message } = typeof error === "object" && error !== null ? (error as Partial<Error>) : {};
  const detail = typeof message === "string" ? `${name ?? "Error"}: ${message}` : String(error);
  const options = { cause: error ?? undefined };
  switch (name) {
    case "QuotaExceededError":
      return new StorageError(
        `Could not ${action}: the browser's storage for this site is full (QuotaExceededError). Delete old logs or embeddings, or free up disk space, then try again.`,
        options,
      );
    case "DataCloneError":
      return new StorageError(
        `Could not ${action}: IndexedDB cannot store this value (it holds a function, a symbol or something else structured clone cannot copy). Store JSON-serialisable values.`,
        options,
      );
    case "NotFoundError":
      return new StorageError(
        `Could not ${action}: the IndexedDB database "${dbName}" exists without the object store "${storeName}". Give each storeName a dbName of its own.`,
        options,
      );
    case "SecurityError":
      return new StorageError(
        `Could not ${action}: the browser does not allow IndexedDB here (private browsing, blocked site data, a sandboxed iframe or a file: page). Use createMemoryStorage() instead.`,
        options,
      );
    default:
      return new StorageError(
        error == null
          ? `Could not ${action}: the IndexedDB transaction on database "${dbName}" was aborted.`
          : `Could not ${action} in the IndexedDB database "${dbName}" (store "${storeName}"): ${detail}`,
        options,
      );
  }
}
