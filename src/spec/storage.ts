/**
 * Where keys, aliases, defaults, logs and embeddings live. Every method is
 * async so that IndexedDB, Cloudflare KV and the filesystem fit behind it.
 * Values are JSON-serialisable.
 */
export interface Storage {
  /** The value stored under `key`, or `undefined`. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value` under `key`, replacing any earlier value. */
  set(key: string, value: unknown): Promise<void>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix` (all keys when omitted). */
  keys(prefix?: string): Promise<string[]>;
}
