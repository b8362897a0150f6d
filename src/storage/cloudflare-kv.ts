import { StorageError } from "../errors.ts";
import type { Storage } from "../spec/storage.ts";

/**
 * The part of a Cloudflare Workers `KVNamespace` binding this adapter uses,
 * written out so that users need no `@cloudflare/workers-types`: a real
 * `env.KV` is assignable to it.
 */
export interface KVNamespaceLike {
  get(key: string, type: "text"): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  list(options: { prefix?: string | null; cursor?: string | null; limit?: number }): Promise<
    { keys: Array<{ name: string }>; list_complete: boolean; cursor?: string }
  >;
}

export interface CloudflareKVStorageOptions {
  /**
   * Put before every key, so that one KV namespace can be shared by several
   * apps (or environments): `"my-app/"` stores `keys/openai` as
   * `my-app/keys/openai`. `keys()` lists only keys under it, without it.
   * @default ""
   * @example createCloudflareKVStorage(env.KV, { prefix: "llm/" })
   */
  prefix?: string;
}

/** Cloudflare's limits: key names up to 512 bytes, values up to 25 MiB (both in UTF-8). */
const MAX_KEY_BYTES = 512;
const MAX_VALUE_BYTES = 25 * 1024 * 1024;

const encoder = new TextEncoder();
const utf8Length = (text: string) => encoder.encode(text).byteLength;
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Storage in a Cloudflare Workers KV namespace: pass the binding (`env.KV`).
 * Values are stored as JSON text.
 *
 * KV is eventually consistent: a write is visible at once to reads in the
 * same Cloudflare location, but can take up to 60 seconds to reach other
 * locations, and `list()` (so `keys()`) may lag behind writes and deletes.
 * The SDK is written for that: its logs and conversations are written as one
 * new key per record and never read-modify-write a shared key, so requests
 * handled concurrently by several isolates lose nothing. Settings such as
 * `setKey()` or `setAlias()` are single-key writes where the last one wins.
 *
 * Key names are limited to 512 bytes (with the prefix, in UTF-8) and values
 * to 25 MiB of JSON; going over either, or any KV failure, throws a
 * `StorageError` whose `cause` is the original error.
 *
 * @example
 * import * as llm from "llm-anywhere";
 * import { createCloudflareKVStorage } from "llm-anywhere/storage/cloudflare-kv";
 * export default {
 *   async fetch(request, env) {
 *     await llm.configure({ storage: createCloudflareKVStorage(env.KV, { prefix: "llm/" }), env });
 *     // ...
 *   },
 * };
 */
export function createCloudflareKVStorage(namespace: KVNamespaceLike, options: CloudflareKVStorageOptions = {}): Storage {
  if (!namespace || typeof namespace.get !== "function" || typeof namespace.list !== "function") {
    throw new StorageError("createCloudflareKVStorage() needs a KV namespace binding, such as env.KV: check the binding's name in your wrangler configuration.");
  }
  const prefix = options.prefix ?? "";

  /** The full KV key, checked against KV's rules before any request is made. */
  function kvKey(key: string): string {
    const full = prefix + key;
    if (full === "" || full === "." || full === "..") {
      throw new StorageError(`Cloudflare KV does not allow the key name ${JSON.stringify(full)}: use a longer key or set a prefix.`);
    }
    const bytes = utf8Length(full);
    if (bytes > MAX_KEY_BYTES) {
      throw new StorageError(`The key "${full.slice(0, 60)}..." is ${bytes} bytes, over Cloudflare KV's limit of ${MAX_KEY_BYTES} bytes per key name (prefix included): use a shorter key or prefix.`);
    }
    return full;
  }

  async function attempt<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StorageError(`Cloudflare KV could not ${what}: ${reason(error)}`, { cause: error });
    }
  }

  return {
    async get<T>(key: string) {
      const full = kvKey(key);
      // Read as text, not "json": KV's "json" reads give null both for a missing key and for a stored `null`.
      const text = await attempt(`read "${full}"`, () => namespace.get(full, "text"));
      if (text === null) return undefined;
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new StorageError(`The value of "${full}" in Cloudflare KV is not JSON; it was not written by this storage. Delete it or use another prefix.`, { cause: error });
      }
    },

    async set(key, value) {
      const full = kvKey(key);
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (error) {
        throw new StorageError(`The value for "${full}" cannot be stored as JSON: ${reason(error)}`, { cause: error });
      }
      // `undefined` (or a function) has no JSON form: storing it means removing the key, as unstorage does.
      if (text === undefined) return attempt(`delete "${full}"`, () => namespace.delete(full));
      // A UTF-8 character is at most 3 bytes per UTF-16 unit: only count bytes when it could matter.
      if (text.length * 3 > MAX_VALUE_BYTES) {
        const bytes = utf8Length(text);
        if (bytes > MAX_VALUE_BYTES) {
          throw new StorageError(`The value for "${full}" is ${(bytes / 1024 / 1024).toFixed(1)} MiB of JSON, over Cloudflare KV's limit of 25 MiB per value: store it in smaller pieces (or in R2).`);
        }
      }
      await attempt(`write "${full}"`, () => namespace.put(full, text));
    },

    async delete(key) {
      const full = kvKey(key);
      await attempt(`delete "${full}"`, () => namespace.delete(full));
    },

    async keys(keyPrefix = "") {
      const listed: string[] = [];
      let cursor: string | undefined;
      // KV returns at most 1,000 keys per call: follow the cursor to the end.
      for (;;) {
        const page = await attempt(`list the keys under "${prefix + keyPrefix}"`, () => namespace.list({ prefix: prefix + keyPrefix, cursor: cursor ?? null, limit: 1000 }));
        for (const { name } of page.keys) listed.push(name.slice(prefix.length));
        if (page.list_complete || !page.cursor) return listed;
        cursor = page.cursor;
      }
    },
  };
}
