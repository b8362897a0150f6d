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
}

interface Settings {
  fetch?: typeof globalThis.fetch | undefined;
  env?: Env | undefined;
  storage?: Storage | undefined;
}

const settings: Settings = {};

/**
 * Sets what it names and keeps the rest; may be called again at any time.
 * The settings apply at once; the promise resolves when stored settings are loaded.
 * @example await llm.configure({ env: workerEnv, fetch: myFetch })
 */
export async function configure(options: ConfigureOptions): Promise<void> {
  if ("fetch" in options) settings.fetch = options.fetch;
  if ("env" in options) settings.env = options.env;
  if ("log" in options) setLogging(options.log === true ? {} : (options.log ?? false));
  if ("storage" in options) {
    const storage = options.storage;
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
