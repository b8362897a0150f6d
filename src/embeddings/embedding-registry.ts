import { ConfigurationError, UnknownModelError } from "../errors.ts";
import { registerOpenAIEmbeddings } from "../providers/openai/embeddings.ts";
import { aliasesOf, pluginRegistry, type RegisterOptions } from "../plugin-registry.ts";
import { registrySettings } from "../registry.ts";
import { embeddingAliasTarget, getDefaultEmbeddingModel } from "../settings.ts";
import { EmbeddingModel, type EmbeddingModelAdapter } from "./embedding-model.ts";

/** What a plugin calls for each embedding model it offers. */
export type EmbeddingRegister = (model: EmbeddingModelAdapter, options?: RegisterOptions) => void;

/** A plugin: a function that registers embedding models (the Python `register_embedding_models` hook). */
export type EmbeddingModelsPlugin = (register: EmbeddingRegister) => void;

const plugins: EmbeddingModelsPlugin[] = [registerOpenAIEmbeddings];

/**
 * Adds embedding models, the way the Python library's
 * `register_embedding_models` hook does. A model registered with an id that
 * exists replaces the earlier one. OpenAI's are registered by default.
 * @example
 * import { registerGeminiEmbeddings } from "llm-anywhere/gemini";
 * llm.registerEmbeddingModels(registerGeminiEmbeddings);
 */
export function registerEmbeddingModels(plugin: EmbeddingModelsPlugin): void {
  plugins.push(plugin);
}

// Pure: an app that never looks a model up does not bundle the registry (nor the models it would register).
const load = /* @__PURE__ */ pluginRegistry(plugins, (adapter: EmbeddingModelAdapter) => new EmbeddingModel(adapter));

/**
 * The embedding model with this id or alias (aliases set with `setAlias`
 * included); no argument means the default embedding model
 * (`setDefaultEmbeddingModel`). Throws `UnknownModelError`.
 * @example await llm.getEmbeddingModel("3-small").embed("hello")
 */
export function getEmbeddingModel(idOrAlias?: string): EmbeddingModel {
  const name = idOrAlias || getDefaultEmbeddingModel();
  if (!name) {
    throw new ConfigurationError('No default embedding model is set: pass a model id, or set one with llm.setDefaultEmbeddingModel("3-small").');
  }
  const model = find(name);
  if (!model) throw new UnknownModelError(name);
  return model;
}

/** An alias set with `setAlias` first (it may name a registered alias), then registered ids and aliases. */
function find(name: string): EmbeddingModel | undefined {
  const { names } = load();
  return names.get(registrySettings.aliases.get(name) ?? name) ?? names.get(name);
}

/** Every registered embedding model, in registration order. */
export function getEmbeddingModels(): EmbeddingModel[] {
  return [...load().models.values()];
}

/** The aliases of an embedding model: registered ones and those set with `setAlias`. */
export function getEmbeddingModelAliases(model: EmbeddingModel): string[] {
  return aliasesOf(load(), model, registrySettings.aliases);
}

// `setAlias("emb", "3-small")` stores the embedding model's id, as the Python library does.
embeddingAliasTarget.resolve = (name) => find(name)?.modelId;
