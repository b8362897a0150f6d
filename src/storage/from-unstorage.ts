import type { Storage } from "../spec/storage.ts";

/**
 * The part of an unstorage storage (or driver) the SDK uses: pass the result
 * of unstorage's `createStorage()` to `llm.configure({ storage })` as it is.
 */
export interface UnstorageLike {
  getItem(key: string): unknown;
  setItem(key: string, value: any): unknown;
  removeItem(key: string): unknown;
  getKeys(base?: string): unknown;
  getItemRaw?(key: string): unknown;
  setItemRaw?(key: string, value: any): unknown;
}

/** Our `/` paths as unstorage keys: each segment escaped (unstorage treats `:`, `/`, `?` and `..` as structure). */
const encode = (key: string) =>
  key
    .split("/")
    .map((segment) => encodeURIComponent(segment).replace(/\./g, "%2E"))
    .join(":");
const decode = (key: string) => key.split(/[:/]/).map(decodeURIComponent).join("/");

/**
 * Wraps an unstorage storage as a `Storage`. Values are stored as JSON text
 * (through `setItemRaw` where there is one), so strings such as `"true"` or
 * `"42"` come back as strings.
 */
export function fromUnstorage(unstorage: UnstorageLike): Storage {
  const getRaw = (unstorage.getItemRaw ?? unstorage.getItem).bind(unstorage);
  const setRaw = (unstorage.setItemRaw ?? unstorage.setItem).bind(unstorage);
  return {
    async get<T>(key: string) {
      const raw = await getRaw(encode(key));
      if (raw === null || raw === undefined) return undefined;
      // A driver may hand back the bytes it stored (the fs driver gives a Buffer).
      const text = raw instanceof Uint8Array ? new TextDecoder().decode(raw) : raw;
      return (typeof text === "string" ? JSON.parse(text) : text) as T;
    },
    async set(key, value) {
      await setRaw(encode(key), JSON.stringify(value));
    },
    async delete(key) {
      await unstorage.removeItem(encode(key));
    },
    async keys(prefix = "") {
      const base = encode(prefix.replace(/\/$/, ""));
      const keys = (await unstorage.getKeys(base)) as string[];
      return keys.map(decode).filter((key) => key.startsWith(prefix));
    },
  };
}

/**
 * Is it an unstorage storage (or driver)? Those have `getItem`; an unstorage
 * storage also has `get` and `set`, but with other key and value rules.
 */
export function isUnstorage(storage: Storage | UnstorageLike): storage is UnstorageLike {
  return typeof (storage as UnstorageLike).getItem === "function" && typeof (storage as UnstorageLike).getKeys === "function";
}
