/**
 * Validates request bodies against OpenAI's OpenAPI description
 * (`../shared/specs/openai-requests.openapi.json`), loaded as one JSON
 * Schema 2020-12 document. OpenAPI's `nullable: true` is rewritten to JSON
 * Schema first (a `"null"` type, or `anyOf` with `{type: "null"}`), since a
 * plain JSON Schema validator does not know it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import { repoRoot } from "./fixtures.ts";

export const openAISpecPath = path.resolve(repoRoot, "../shared/specs/openai-requests.openapi.json");

/** A copy of an OpenAPI schema tree with `nullable` expressed in JSON Schema. */
export function rewriteNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (typeof node !== "object" || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) result[key] = rewriteNullable(value);
  if (nullable !== true) return result;
  if (typeof result.type === "string" || Array.isArray(result.type)) {
    const types = Array.isArray(result.type) ? result.type : [result.type];
    if (!types.includes("null")) result.type = [...types, "null"];
    if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...result.enum, null];
    return result;
  }
  return { anyOf: [result, { type: "null" }] };
}

let validator: ValidateFunction | undefined;

/** The validator of `#/components/schemas/CreateChatCompletionRequest`. */
export function chatCompletionRequestValidator(): ValidateFunction {
  if (validator) return validator;
  const document = rewriteNullable(JSON.parse(readFileSync(openAISpecPath, "utf8"))) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(document, "openai");
  validator = ajv.getSchema("openai#/components/schemas/CreateChatCompletionRequest")!;
  return validator;
}

/** Errors (as short strings) of a body that OpenAI's schema rejects; `[]` when it is valid. */
export function chatRequestErrors(body: unknown): string[] {
  const validate = chatCompletionRequestValidator();
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
}
