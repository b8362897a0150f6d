import { OptionsError } from "./errors.ts";
import type { ModelAdapter } from "./spec/model-adapter.ts";
import type { StandardSchemaV1 } from "./spec/standard-schema.ts";

/**
 * Validates prompt options with the model's schema, synchronously, so that a
 * bad option fails at `prompt()` time, before anything is sent.
 */
export function validateOptions<Options>(adapter: ModelAdapter<Options>, options: unknown): Options {
  const given = options ?? {};
  const schema = adapter.optionsSchema;
  if (!schema) {
    const names = Object.keys(given);
    if (names.length) throw new OptionsError(`Unknown option "${names[0]}": model ${adapter.modelId} takes no options.`, names[0]);
    return given as Options;
  }
  const result = schema["~standard"].validate(given);
  if (result instanceof Promise) {
    throw new OptionsError(`The options schema of model ${adapter.modelId} is asynchronous; options must validate synchronously.`);
  }
  if (!result.issues) return result.value;
  const issue = result.issues[0]!;
  const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment));
  const extra = (issue as { keys?: string[] }).keys;
  if (!path.length && Array.isArray(extra) && extra.length) {
    const known = optionNames(schema);
    throw new OptionsError(
      `Unknown option "${extra[0]}" for model ${adapter.modelId}.` + (known.length ? ` Valid options: ${known.join(", ")}.` : ""),
      extra[0],
    );
  }
  const name = path.join(".");
  throw new OptionsError(`Invalid option "${name}" for model ${adapter.modelId}: ${issue.message}.`, path[0]);
}

/** Option names, when the schema exposes them (ours do, and so do zod objects through their shape). */
function optionNames(schema: StandardSchemaV1): readonly string[] {
  const exposed = schema as { optionNames?: readonly string[]; _zod?: { def?: { shape?: object } } };
  const shape = exposed._zod?.def?.shape;
  return exposed.optionNames ?? (shape ? Object.keys(shape) : []);
}
