import { defaultEnv } from "#runtime";
import { ConfigurationError } from "./errors.ts";
import type { Env } from "./spec/model-adapter.ts";
import { setLogging, type LogOptions } from "./logs/write-log.ts";
import { loadSettings } from "./settings.ts";
import type { Storage } from "./spec/storage.ts";
import { fromUnstorage, isUnstorage, type UnstorageLike } from "./storage/from-unstorage.ts";
import { createMemoryStorage } from "./storage/memory.ts";

export interface ConfigureOptions {
  /**
   * The `fetch` every provider uses: pass one to add a proxy, logging, or a
   * test double.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Environment variables keys (`OPENAI_API_KEY`) and base URLs
   * (`OPENAI_BASE_URL`) are read from. In a Worker, pass the Worker's `env`.
   * @default process.env in Node, Bun and Electron; Deno.env in Deno; nothing in browsers and Workers
   */
  env?: Env | undefined;
  /**
   * Where keys, aliases, defaults and logs are stored: `createMemoryStorage()`,
   * `createIndexedDBStorage()` (`llm-anywhere/storage/indexeddb`),
   * `createCloudflareKVStorage(env.KV)` (`llm-anywhere/storage/cloudflare-kv`),
   * `createFsStorage()` (`llm-anywhere/storage/fs`, shares the Python llm's
   * keys, aliases and default model), or an unstorage storage as it is.
   * Setting it loads the stored aliases and defaults before the promise resolves.
   * @default createMemoryStorage()
   */
  storage?: Storage | UnstorageLike | undefined;
  /**
   * `true` logs every finished response to the storage (never its key); read
   * them with `llm.logs` and continue one with `llm.loadConversation()`.
   * An object sets logging options; `false` stops logging.
   * @default false
   */
  log?: boolean | LogOptions | undefined;
  /**
   * How many times a request is sent again after a 408, 409, 429 or 5xx
   * answer, a network error, a first-byte timeout or a retryable stream error
   * (Anthropic's `overloaded_error`), as long as nothing of the answer has
   * reached you: never once text, reasoning or a tool call has arrived.
   * Waits with exponential backoff and jitter (0.5 s, 1 s, 2 s, ... up to 8 s),
   * or as long as the server's `retry-after-ms` / `retry-after` says (up to a
   * minute; a longer wait is not retried).
   * @default 2
   */
  maxRetries?: number | undefined;
  /** Time limits in milliseconds; `0` turns one off. A limit that runs out fails with `TimeoutError`. */
  timeout?: Partial<Timeouts> | undefined;
  /**
   * Allows calling providers straight from a web page, sending what each needs
   * for that (Anthropic's `anthropic-dangerous-direct-browser-access: true`).
   * Only for keys the user typed in themselves, or tightly limited ones: any key
   * a page holds can be read by anyone who opens it. Without it, a provider
   * that needs it refuses to run in a browser, with an error that says so.
   * @default false
   */
  browser?: boolean | undefined;
}

export interface Timeouts {
  /**
   * From sending a request to its response's headers, per attempt (a
   * non-streamed answer's headers come when the whole answer is ready).
   * @default 600_000
   */
  firstByteMs: number;
  /**
   * The longest wait for the next piece of a streamed answer: a stalled stream
   * fails instead of hanging.
   * @default 300_000
   */
  idleMs: number;
  /**
   * From the first request to the end of the answer, retries included.
   * @default 3_600_000
   */
  totalMs: number;
}

type Settings = Omit<ConfigureOptions, "storage" | "log"> & { storage?: Storage | undefined };

/** What `configure()` set. @internal */
export const settings: Settings = {};

/**
 * Sets what it names and keeps the rest; may be called again at any time.
 * The settings apply at once; the promise resolves when stored settings are loaded.
 * @example await llm.configure({ env: workerEnv, fetch: myFetch })
 */
export async function configure(options: ConfigureOptions): Promise<void> {
  const { storage, log, ...rest } = options;
  Object.assign(settings, rest);
  if ("log" in options) setLogging(log === true ? {} : (log ?? false));
  if ("storage" in options) {
    settings.storage = storage && isUnstorage(storage) ? fromUnstorage(storage) : storage;
    await loadSettings(getStorage());
  }
}

/** The configured `fetch`, else the global one (looked up at call time, so late polyfills work). */
export function getFetch(): typeof globalThis.fetch {
  if (settings.fetch) return settings.fetch;
  if (typeof globalThis.fetch !== "function") {
    throw new ConfigurationError(
      "No fetch function is available in this runtime: pass one with llm.configure({ fetch }) (for example from the undici package).",
    );
  }
  // Called through globalThis: an unbound fetch throws "Illegal invocation" in browsers.
  return (input, init) => globalThis.fetch(input, init);
}

export function getEnv(): Env {
  return settings.env ?? defaultEnv();
}

/** The configured storage; a memory storage is made on first use. */
export function getStorage(): Storage {
  return (settings.storage ??= createMemoryStorage());
}

/** The storage, if one was configured or made: reading needs none (nothing stored yet means nothing to read). */
export function peekStorage(): Storage | undefined {
  return settings.storage;
}
