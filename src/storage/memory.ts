import type { Storage } from "../spec/storage.ts";

/**
 * Storage in a `Map`: the default, gone when the page or process ends.
 * Values are copied in and out (`structuredClone`) so callers cannot change
 * what is stored by mutating an object they passed or received.
 */
export function createMemoryStorage(): Storage {
  const map = new Map<string, unknown>();
  return {
    async get<T>(key: string) {
      return map.has(key) ? (structuredClone(map.get(key)) as T) : undefined;
    },
    async set(key, value) {
      map.set(key, structuredClone(value));
    },
    async delete(key) {
      map.delete(key);
    },
    async keys(prefix = "") {
      return [...map.keys()].filter((key) => key.startsWith(prefix));
    },
  };
}
