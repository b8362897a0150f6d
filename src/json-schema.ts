import { ConfigurationError } from "./errors.ts";
import type { JsonSchema } from "./spec/message.ts";
import type { StandardJSONSchemaV1, StandardSchemaV1 } from "./spec/standard-schema.ts";

/**
 * What tools' `parameters` and prompts' `schema` accept: a zod schema (or any
 * Standard JSON Schema), or a plain JSON Schema object.
 */
export type SchemaInput = StandardJSONSchemaV1 | StandardSchemaV1 | JsonSchema;

/** The type a schema validates to: inferred from zod and Standard Schemas, `Record<string, unknown>` for JSON Schema. */
export type InferSchema<S> = S extends { readonly "~standard": { readonly types?: infer T } }
  ? NonNullable<T> extends { readonly output: infer O }
    ? O
    : Record<string, unknown>
  : Record<string, unknown>;

function standardProps(schema: SchemaInput): Record<string, unknown> | undefined {
  const props = (schema as { "~standard"?: unknown })["~standard"];
  return props && typeof props === "object" ? (props as Record<string, unknown>) : undefined;
}

/**
 * The JSON Schema sent to providers: a Standard JSON Schema describes itself
 * (draft 2020-12, without its `$schema` line); a plain object is used as is.
 * A Standard Schema that cannot describe itself (zod/mini, valibot without
 * its converter) is a clear error.
 */
export function toJsonSchema(schema: SchemaInput): JsonSchema {
  const props = standardProps(schema);
  if (!props) return schema as JsonSchema;
  const converter = props.jsonSchema as StandardJSONSchemaV1.Converter | undefined;
  if (!converter) {
    throw new ConfigurationError(
      `This ${String(props.vendor)} schema cannot give its JSON Schema: use zod 4's \`zod\` (not \`zod/mini\`), another Standard JSON Schema, or a JSON Schema object.`,
    );
  }
  const { $schema: _, ...jsonSchema } = converter.input({ target: "draft-2020-12" });
  return jsonSchema;
}

/** The schema's own validator, when it has one (plain JSON Schema objects have none). */
export function standardValidator(schema: SchemaInput): StandardSchemaV1["~standard"]["validate"] | undefined {
  const validate = standardProps(schema)?.validate;
  return typeof validate === "function" ? (validate as StandardSchemaV1["~standard"]["validate"]) : undefined;
}
