import type { StandardSchemaV1 } from "./spec/standard-schema.ts";

/** Checks one option's value: the value to use, or what is wrong with it. */
export type OptionCheck<T> = (value: unknown) => { value: T; error?: undefined } | { error: string };

type Output<Shape> = { [Name in keyof Shape]?: (Shape[Name] extends OptionCheck<infer T> ? T : never) | null | undefined };

/** A Standard Schema for a model's options that also lists their names. */
export interface OptionsSchema<Options> extends StandardSchemaV1<unknown, Options> {
  readonly optionNames: readonly string[];
}

/**
 * A model's options schema, in a few hundred bytes: every option is optional
 * (`null` or `undefined` means "not set") and unknown names are rejected.
 * Plugins may use any Standard Schema (zod, valibot, ...) instead; the
 * built-in providers use this one to keep bundles and imports small.
 * @example optionsSchema({ temperature: number({ min: 0, max: 2 }), json_object: boolean() })
 */
export function optionsSchema<Shape extends Record<string, OptionCheck<unknown>>>(shape: Shape): OptionsSchema<Output<Shape>> {
  const optionNames = Object.keys(shape);
  const validate = (input: unknown): StandardSchemaV1.Result<Output<Shape>> => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      return { issues: [{ message: `options must be an object, got ${describeValue(input)}` }] };
    }
    const unknown = Object.keys(input).filter((name) => !Object.hasOwn(shape, name));
    if (unknown.length) return { issues: [{ message: `Unknown option "${unknown[0]}"`, path: [], keys: unknown } as StandardSchemaV1.Issue] };
    const value: Record<string, unknown> = {};
    for (const [name, given] of Object.entries(input)) {
      if (given == null) continue;
      const result = shape[name]!(given);
      if (result.error !== undefined) return { issues: [{ message: result.error, path: [name] }] };
      value[name] = result.value;
    }
    return { value: value as Output<Shape> };
  };
  return { optionNames, "~standard": { version: 1, vendor: "llm-anywhere", validate } };
}

/** A number, optionally an integer and within `[min, max]`. */
export function number(limits: { min?: number; max?: number; integer?: boolean } = {}): OptionCheck<number> {
  return (value) => {
    if (typeof value !== "number" || Number.isNaN(value)) return { error: `expected a number, got ${describeValue(value)}` };
    if (limits.integer && !Number.isInteger(value)) return { error: `expected an integer, got ${describeValue(value)}` };
    if (limits.min !== undefined && value < limits.min) return { error: `must be at least ${limits.min}, got ${value}` };
    if (limits.max !== undefined && value > limits.max) return { error: `must be at most ${limits.max}, got ${value}` };
    return { value };
  };
}

export function boolean(): OptionCheck<boolean> {
  return (value) => (typeof value === "boolean" ? { value } : { error: `expected a boolean, got ${describeValue(value)}` });
}

/** One of the given strings. */
export function oneOf<T extends string>(values: readonly T[]): OptionCheck<T> {
  return (value) =>
    values.includes(value as T) ? { value: value as T } : { error: `must be one of ${values.join(", ")}, got ${describeValue(value)}` };
}

/** A string or an array of strings (such as `stop`). */
export function stringOrStrings(): OptionCheck<string | string[]> {
  return (value) =>
    typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"))
      ? { value: value as string | string[] }
      : { error: `expected a string or an array of strings, got ${describeValue(value)}` };
}

export function describeValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
