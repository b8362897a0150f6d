import { describe, expect, it } from "vitest";
import { strictSchema } from "../../../src/providers/anthropic/strict-schema.ts";

describe("strictSchema (structured outputs' JSON Schema subset)", () => {
  it("closes every object, turns oneOf into anyOf, and moves unsupported constraints into description", () => {
    const schema = strictSchema({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        age: { type: "integer", minimum: 0, maximum: 120, description: "Years" },
        tags: { type: "array", items: { type: "string", maxLength: 10 }, minItems: 1, maxItems: 5 },
        owner: { type: "object", properties: { email: { type: "string", format: "email" }, code: { type: "string", format: "iso-code" } } },
        pet: { oneOf: [{ type: "string" }, { $ref: "#/$defs/Pet" }] },
      },
      required: ["age"],
      additionalProperties: true,
      $defs: { Pet: { type: "object", properties: { name: { type: "string" } } } },
    });
    expect(schema).toEqual({
      type: "object",
      properties: {
        age: { type: "integer", description: "Years\n\n{minimum: 0, maximum: 120}" },
        tags: { type: "array", items: { type: "string", description: "{maxLength: 10}" }, minItems: 1, description: "{maxItems: 5}" },
        owner: {
          type: "object",
          properties: { email: { type: "string", format: "email" }, code: { type: "string", description: "{format: iso-code}" } },
          additionalProperties: false,
        },
        pet: { anyOf: [{ type: "string" }, { $ref: "#/$defs/Pet" }] },
      },
      required: ["age"],
      additionalProperties: false,
      $defs: { Pet: { type: "object", properties: { name: { type: "string" } }, additionalProperties: false } },
    });
  });
});
