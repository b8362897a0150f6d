import { UnknownModelError } from "./errors.ts";
import { Model } from "./model.ts";
import { registerEcho } from "./providers/echo.ts";
import { registerOpenAI } from "./providers/openai/index.ts";
import { aliasesOf, pluginRegistry, type RegisterOptions } from "./plugin-registry.ts";
import type { ModelAdapter } from "./spec/model-adapter.ts";

export type { RegisterOptions } from "./plugin-registry.ts";

/** What a plugin calls for each model it offers. */
export type Register = (model: ModelAdapter<any>, options?: RegisterOptions) => void;

/** A plugin: a function that registers models. */
export type ModelsPlugin = (register: Register) => void;

const plugins: ModelsPlugin[] = [registerOpenAI, registerEcho];
const userAliases = new Map<string, string>();
const builtInDefault = "gpt-4o-mini";
let defaultModelId = builtInDefault;

/**
 * Adds models, the way the Python library's `register_models` hook does.
 * A model registered with an id that exists replaces the earlier one.
 * @example llm.registerModels((register) => register(myAdapter, { aliases: ["mine"] }))
 */
export function registerModels(plugin: ModelsPlugin): void {
  plugins.push(plugin);
}

// Pure: an app that never looks a model up does not bundle the registry (nor the models it would register).
const load = /* @__PURE__ */ pluginRegistry(plugins, (adapter: ModelAdapter<any>) => new Model(adapter));

/**
 * The model with this id or alias; no argument means the default model
 * (`gpt-4o-mini` unless changed). Throws `UnknownModelError`.
 */
export function getModel(idOrAlias?: string): Model<any> {
  const name = idOrAlias || defaultModelId;
  const { names } = load();
  const model = names.get(userAliases.get(name) ?? name) ?? names.get(name);
  if (!model) throw new UnknownModelError(name);
  return model;
}

/** Every registered model, in registration order. */
export function getModels(): Model<any>[] {
  return [...load().models.values()];
}

/** The aliases of each model: registered ones and those set with `setAlias`. */
export function getModelAliases(model: Model<any>): string[] {
  return aliasesOf(load(), model, userAliases);
}

/** The default model's id. */
export function getDefaultModel(): string {
  return defaultModelId;
}

/** The registry's settings, for settings.ts (which stores them). @internal */
export const registrySettings = {
  aliases: userAliases,
  setDefault(id: string | undefined): void {
    defaultModelId = id || builtInDefault;
  },
};
