import { ConfigurationError } from "../../errors.ts";
import type { JsonSchema } from "../../spec/message.ts";

/** Keywords Gemini's schema subset rejects; kept where they are property names. */
const dropped = new Set(["$schema", "additionalProperties", "title", "$defs", "definitions"]);
/** Keywords whose value maps names to schemas (the names are not keywords). */
const schemaMaps = new Set(["properties", "patternProperties"]);

/**
 * A copy of a JSON Schema that Gemini accepts (as the llm-gemini plugin's
 * `cleanup_schema`): `$schema`, `additionalProperties` and `title` removed
 * wherever they are keywords (a property may still be named `title`), and
 * every local `$ref` (`#/$defs/Name`, `#/definitions/Name`) replaced by the
 * schema it names (the definitions themselves are then dropped), since
 * Gemini does not resolve references. A recursive
 * schema cannot be inlined: it throws a `ConfigurationError` that names the
 * types in the cycle.
 */
export function cleanSchema(schema: JsonSchema): JsonSchema {
  const root = schema;
  return clean(schema, []) as JsonSchema;

  function clean(value: unknown, resolving: readonly string[]): unknown {
    if (Array.isArray(value)) return value.map((item) => clean(item, resolving));
    if (typeof value !== "object" || value === null) return value;
    const node = value as Record<string, unknown>;
    if (typeof node.$ref === "string") {
      const { $ref, ...siblings } = node;
      const name = $ref.replace(/^#\/(\$defs|definitions)\//, "");
      const target = resolve($ref);
      if (resolving.includes(name)) throw recursive(name, resolving);
      const inlined = clean(target, [...resolving, name]) as Record<string, unknown>;
      // Keywords next to a `$ref` (a description, say) are kept and win.
      return Object.keys(siblings).length ? { ...inlined, ...(clean(siblings, resolving) as object) } : inlined;
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) {
      if (dropped.has(key)) continue;
      if (schemaMaps.has(key) && typeof item === "object" && item !== null && !Array.isArray(item)) {
        const map: Record<string, unknown> = {};
        for (const [name, entry] of Object.entries(item)) map[name] = clean(entry, resolving);
        result[key] = map;
      } else {
        result[key] = clean(item, resolving);
      }
    }
    return result;
  }

  function resolve(ref: string): unknown {
    const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
    const defs = match ? (root[match[1]!] as Record<string, unknown> | undefined) : undefined;
    const name = match ? decodeURIComponent(match[2]!.replace(/~1/g, "/").replace(/~0/g, "~")) : undefined;
    const target = defs && name !== undefined ? defs[name] : undefined;
    if (target === undefined) {
      throw new ConfigurationError(`The schema refers to "${ref}", which it does not define: Gemini needs every reference inlined, so define it under $defs.`);
    }
    return target;
  }
}

function recursive(name: string, resolving: readonly string[]): ConfigurationError {
  const cycle = resolving.slice(resolving.indexOf(name));
  const how = cycle.length === 1 ? "directly references itself" : `indirectly references itself through ${cycle.slice(1).join(" -> ")}`;
  return new ConfigurationError(
    `Recursive schema detected: "${name}" ${how}. The Gemini API does not support recursive schemas: flatten the type or limit its depth.`,
  );
}
