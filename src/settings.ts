import { getStorage } from "./configure.ts";
import { UnknownModelError } from "./errors.ts";
import { registerOpenAICompatible, type OpenAICompatibleModel } from "./providers/openai/compatible.ts";
import { getModel, registrySettings } from "./registry.ts";
import type { Storage } from "./spec/storage.ts";

/** Storage keys of the settings (see `Storage`); the fs adapter maps them to the Python llm's files. */
const aliasPrefix = "aliases/";
const defaultModelKey = "settings/default-model";
const defaultEmbeddingModelKey = "settings/default-embedding-model";
const extraModelsKey = "settings/extra-openai-models";

let defaultEmbeddingModel: string | undefined;

/**
 * Resolves an embedding model's id for `setAlias`; set when the embedding
 * registry is loaded, so apps without embeddings do not carry it. @internal
 */
export const embeddingAliasTarget: { resolve?: ((name: string) => string | undefined) | undefined } = {};

/**
 * Reads aliases, defaults and extra OpenAI-compatible models from `storage`
 * into the registry, so `getModel()` stays synchronous. @internal
 */
export async function loadSettings(storage: Storage): Promise<void> {
  const keys = await storage.keys(aliasPrefix);
  const targets = await Promise.all(keys.map((key) => storage.get(key)));
  const [defaultModel, embeddingModel, extraModels] = await Promise.all([
    storage.get(defaultModelKey),
    storage.get(defaultEmbeddingModelKey),
    storage.get(extraModelsKey),
  ]);
  registrySettings.aliases.clear();
  keys.forEach((key, index) => {
    const target = targets[index];
    if (typeof target === "string") registrySettings.aliases.set(key.slice(aliasPrefix.length), target);
  });
  registrySettings.setDefault(typeof defaultModel === "string" ? defaultModel : undefined);
  defaultEmbeddingModel = typeof embeddingModel === "string" ? embeddingModel : undefined;
  if (Array.isArray(extraModels) && extraModels.length) registerOpenAICompatible(extraModels as OpenAICompatibleModel[]);
}

/**
 * Makes `alias` name a model, and stores it. The target may itself be an
 * alias; as in the Python library, a target no registered model answers to is
 * stored as given.
 * @example await llm.setAlias("mini", "gpt-4o-mini")
 */
export async function setAlias(alias: string, modelIdOrAlias: string): Promise<void> {
  let target = modelIdOrAlias;
  try {
    target = getModel(modelIdOrAlias).modelId;
  } catch {
    // Not a chat model: an embedding model's id, else stored as given.
    target = embeddingAliasTarget.resolve?.(modelIdOrAlias) ?? modelIdOrAlias;
  }
  await getStorage().set(aliasPrefix + alias, target);
  registrySettings.aliases.set(alias, target);
}

/** Removes an alias set with `setAlias`; throws `UnknownModelError` ("No such alias: x") when there is none. */
export async function removeAlias(alias: string): Promise<void> {
  const storage = getStorage();
  const stored = await storage.get(aliasPrefix + alias);
  if (stored === undefined && !registrySettings.aliases.has(alias)) throw new UnknownModelError(alias, `No such alias: ${alias}`);
  await storage.delete(aliasPrefix + alias);
  registrySettings.aliases.delete(alias);
}

/**
 * Makes this model the one `getModel()` returns with no argument, and stores
 * it; `undefined` goes back to the built-in default (`gpt-4o-mini`).
 */
export async function setDefaultModel(modelIdOrAlias: string | undefined): Promise<void> {
  const id = modelIdOrAlias === undefined ? undefined : getModel(modelIdOrAlias).modelId;
  if (id === undefined) await getStorage().delete(defaultModelKey);
  else await getStorage().set(defaultModelKey, id);
  registrySettings.setDefault(id);
}

/** Stores the default embedding model's id (`undefined` removes it). */
export async function setDefaultEmbeddingModel(modelId: string | undefined): Promise<void> {
  if (modelId === undefined) await getStorage().delete(defaultEmbeddingModelKey);
  else await getStorage().set(defaultEmbeddingModelKey, modelId);
  defaultEmbeddingModel = modelId;
}

/** The default embedding model's id, or `undefined` when none is set. */
export function getDefaultEmbeddingModel(): string | undefined {
  return defaultEmbeddingModel;
}
