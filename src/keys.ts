import { getEnv, getStorage, peekStorage } from "./configure.ts";
import { NeedsKeyError } from "./errors.ts";

const prefix = "keys/";

/** Stores a key under a name (`openai`, `anthropic`, ...) in the configured storage. */
export async function setKey(name: string, value: string): Promise<void> {
  await getStorage().set(prefix + name, value);
}

/** The stored key with that name, or `undefined`. */
export async function getKey(name: string): Promise<string | undefined> {
  const value = await peekStorage()?.get<unknown>(prefix + name);
  return typeof value === "string" ? value : undefined;
}

/** The names of the stored keys (never their values). */
export async function listKeys(): Promise<string[]> {
  return (await getStorage().keys(prefix)).map((key) => key.slice(prefix.length)).sort();
}

export interface KeySources {
  /** `model.key`, which wins over everything (as in the Python library). */
  modelKey?: string | undefined;
  /** The `key` given to `prompt()`: the name of a stored key, or a key. */
  explicitKey?: string | undefined;
  /** The stored key's name; `undefined` when the model needs no key. */
  keyName?: string | undefined;
  keyEnvVar?: string | undefined;
}

/**
 * The key to send, in the Python library's order: `model.key`; the explicit
 * key (the stored key it names, else itself); the stored key for the model's
 * key name; the environment variable. Throws `NeedsKeyError` when none is found.
 */
export async function resolveKey(sources: KeySources): Promise<string | undefined> {
  if (sources.modelKey) return sources.modelKey;
  if (sources.explicitKey) return (await getKey(sources.explicitKey)) ?? sources.explicitKey;
  if (!sources.keyName && !sources.keyEnvVar) return undefined;
  const stored = sources.keyName ? await getKey(sources.keyName) : undefined;
  if (stored) return stored;
  const fromEnv = sources.keyEnvVar ? getEnv()[sources.keyEnvVar] : undefined;
  if (fromEnv) return fromEnv;
  throw new NeedsKeyError(sources.keyName, sources.keyEnvVar);
}
