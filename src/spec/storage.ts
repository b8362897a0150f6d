/**
 * Where keys, aliases, defaults, logs and embeddings live. Every method is
 * async so that IndexedDB, Cloudflare KV and the filesystem fit behind it.
 * Values are JSON-serialisable.
 *
 * Keys are `/`-separated paths; callers list with prefixes that end in `/`.
 * The SDK uses these (adapters may map them to native formats, as the fs
 * adapter does with the Python llm's files):
 * - `keys/<name>`: a stored API key (a string);
 * - `aliases/<alias>`: the model id an alias names (a string);
 * - `settings/default-model`, `settings/default-embedding-model`: model ids (strings);
 * - `settings/extra-openai-models`: OpenAI-compatible models to register (an
 *   array of `OpenAICompatibleModel`; the fs adapter reads the Python llm's
 *   `extra-openai-models.yaml`);
 * - `logs/...`, `embeddings/...`: logged responses and embedding collections.
 *
 * An unstorage storage (`createStorage()` from the `unstorage` package) can
 * be passed to `llm.configure({ storage })` as it is.
 */
export interface Storage {
  /** The value stored under `key`, or `undefined`. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value` under `key`, replacing any earlier value. */
  set(key: string, value: unknown): Promise<void>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Every key that starts with `prefix` (all keys when omitted). `options`
   * is a hint an adapter may use to read less (IndexedDB walks its index
   * backwards and stops): callers still sort, filter and cut the result.
   */
  keys(prefix?: string, options?: KeysOptions): Promise<string[]>;
}

/** What the caller will keep of a `keys()` listing; an adapter may return just that. */
export interface KeysOptions {
  /** Only keys below `prefix + before` are wanted. */
  before?: string | undefined;
  /** Only the last `limit` keys (in sorted order) are wanted. */
  last?: number | undefined;
}
