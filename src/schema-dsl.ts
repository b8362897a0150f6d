import { SchemaError } from "./errors.ts";
import type { JsonSchema } from "./spec/message.ts";

export interface SchemaDslOptions {
  /**
   * A schema for several items: `{ items: [<one item>, ...] }`.
   * @default false
   */
  multi?: boolean | undefined;
}

const types: Record<string, string> = { int: "integer", float: "number", bool: "boolean", str: "string" };

/**
 * A JSON Schema from the Python library's concise schema language: fields
 * separated by newlines when there is a newline, else by commas; each field
 * `name [type][: description]` with type `int`, `float`, `bool` or `str`
 * (anything else, or nothing, is a string); every field is required.
 * @example llm.schemaDsl("name, age int, bio: a short biography")
 * @example llm.schemaDsl("name\nage int: in years, roughly", { multi: true })
 * @throws SchemaError for a field with nothing before its colon
 */
export function schemaDsl(text: string, options: SchemaDslOptions = {}): JsonSchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const fields = text.split(text.includes("\n") ? "\n" : ",").map((field) => field.trim());
  for (const field of fields) {
    if (!field) continue;
    const colon = field.indexOf(":");
    const head = colon === -1 ? field : field.slice(0, colon);
    const description = colon === -1 ? "" : field.slice(colon + 1).trim();
    const [name, type] = head.trim().split(/\s+/);
    if (!name) throw new SchemaError(`Schema field '${field}' has no name: write it as "name [type][: description]"`, text);
    const property: Record<string, string> = { type: (type && Object.hasOwn(types, type) && types[type]) || "string" };
    if (description) property.description = description;
    // defineProperty: a field named __proto__ is a field like any other.
    Object.defineProperty(properties, name, { value: property, enumerable: true, writable: true, configurable: true });
    required.push(name);
  }
  const schema = { type: "object", properties, required };
  return options.multi ? { type: "object", properties: { items: { type: "array", items: schema } }, required: ["items"] } : schema;
}
