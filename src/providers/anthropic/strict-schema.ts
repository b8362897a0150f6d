import type { JsonSchema } from "../../spec/message.ts";

/** Keywords structured outputs accept; anything else is moved into `description`. */
const kept = new Set([
  "type",
  "properties",
  "required",
  "items",
  "anyOf",
  "allOf",
  "enum",
  "const",
  "$ref",
  "$defs",
  "definitions",
  "description",
  "title",
  "default",
  "pattern",
]);
const formats = new Set(["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"]);
const nested = ["items"];
const lists = ["anyOf", "allOf"];
const maps = ["properties", "$defs", "definitions"];

/**
 * A JSON Schema in the subset the Messages API's structured outputs accept
 * (what Anthropic's SDKs do before sending `output_config.format`): every
 * object gets `additionalProperties: false`, `oneOf` becomes `anyOf`, and
 * constraints it does not enforce (`minimum`, `maxLength`, unknown
 * `format`s, ...) are dropped and described in `description` instead, so
 * the model still sees them.
 */
export function strictSchema(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = {};
  const hints: string[] = [];
  for (const [name, value] of Object.entries(schema)) {
    if (name === "$schema" || name === "additionalProperties") continue;
    if (name === "oneOf" && Array.isArray(value)) result.anyOf = value.map(child);
    else if (name === "format" && typeof value === "string") {
      if (formats.has(value)) result.format = value;
      else hints.push(`format: ${value}`);
    } else if (name === "minItems" && (value === 0 || value === 1)) result.minItems = value;
    else if (!kept.has(name)) hints.push(`${name}: ${JSON.stringify(value)}`);
    else if (maps.includes(name) && isRecord(value)) result[name] = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, child(item)]));
    else if (lists.includes(name) && Array.isArray(value)) result[name] = value.map(child);
    else if (nested.includes(name) && isRecord(value)) result[name] = child(value);
    else result[name] = value;
  }
  if (result.type === "object" || (Array.isArray(result.type) && result.type.includes("object")) || "properties" in result) {
    result.additionalProperties = false;
  }
  if (hints.length) {
    const description = typeof result.description === "string" ? `${result.description}\n\n` : "";
    result.description = `${description}{${hints.join(", ")}}`;
  }
  return result;
}

function child(value: unknown): unknown {
  return isRecord(value) ? strictSchema(value) : value;
}

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
