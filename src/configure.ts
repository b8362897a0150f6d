import { defaultEnv } from "#runtime";
import { ConfigurationError } from "./errors.ts";
import type { Env } from "./spec/model-adapter.ts";
import type { Storage } from "./spec/storage.ts";
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
   * Where keys, aliases and defaults are stored.
   * @default createMemoryStorage()
   */
  storage?: Storage | undefined;
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
  if ("storage" in options) settings.storage = options.storage;
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

export function getStorage(): Storage {
  return (settings.storage ??= createMemoryStorage());
}
