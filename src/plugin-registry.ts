/** Other names a model answers to, given when it is registered. */
export interface RegisterOptions {
  /** Other names the model answers to (`4o-mini` for `gpt-4o-mini`). */
  aliases?: readonly string[] | undefined;
}

/** A plugin: a function that registers models by calling `register` for each. */
export type Plugin<Adapter> = (register: (adapter: Adapter, options?: RegisterOptions) => void) => void;

/** What a registry holds: models by id (registration order) and by every name (ids and aliases). */
export interface Registered<Model> {
  models: Map<string, Model>;
  names: Map<string, Model>;
}

/**
 * The mechanism behind `registerModels` and `registerEmbeddingModels`:
 * plugins are run lazily, when a model is first looked up, and only once
 * each (a plugin added later runs at the next lookup); models are made once
 * and kept, so `model.key` sticks. A model registered with an id that
 * exists replaces the earlier one. @internal
 */
export function pluginRegistry<Adapter extends { modelId: string }, Model>(
  plugins: Array<Plugin<Adapter>>,
  make: (adapter: Adapter) => Model,
): () => Registered<Model> {
  const models = new Map<string, Model>();
  const names = new Map<string, Model>();
  let run = 0;
  return () => {
    while (run < plugins.length) {
      plugins[run++]!((adapter, options) => {
        const model = make(adapter);
        models.delete(adapter.modelId);
        models.set(adapter.modelId, model);
        for (const name of [...(options?.aliases ?? []), adapter.modelId]) names.set(name, model);
      });
    }
    return { models, names };
  };
}

/** A model's aliases: the registered ones, then those the user set (which may name a registered alias). @internal */
export function aliasesOf<Model extends { modelId: string }>({ names }: Registered<Model>, model: Model, userAliases: ReadonlyMap<string, string>): string[] {
  const aliases = [...names].flatMap(([name, target]) => (target === model && name !== model.modelId ? [name] : []));
  for (const [alias, target] of userAliases) if (names.get(target) === model) aliases.push(alias);
  return aliases;
}
