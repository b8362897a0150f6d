import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../../src/errors.ts";
import { cleanSchema } from "../../../src/providers/gemini/index.ts";

describe("cleanSchema", () => {
  it("drops $schema, additionalProperties and title as keywords, keeps them as property names", () => {
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      title: "Example",
      additionalProperties: false,
      type: "object",
      properties: {
        title: { title: "Title", type: "string" },
        $schema: { type: "string" },
        additionalProperties: { type: "object", additionalProperties: false, properties: {} },
      },
    };
    expect(cleanSchema(schema)).toEqual({
      type: "object",
      properties: { title: { type: "string" }, $schema: { type: "string" }, additionalProperties: { type: "object", properties: {} } },
    });
    // The input is not changed.
    expect(schema.title).toBe("Example");
  });

  it("inlines $defs and definitions references, everywhere they appear", () => {
    const schema = {
      type: "object",
      properties: {
        address: { $ref: "#/$defs/Address", description: "Where" },
        employer: { anyOf: [{ $ref: "#/$defs/Company" }, { type: "null" }] },
        orders: { type: "array", items: { $ref: "#/definitions/Order" } },
      },
      $defs: {
        Address: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        Company: { type: "object", properties: { name: { type: "string" } } },
      },
      definitions: { Order: { type: "object", properties: { address: { $ref: "#/$defs/Address" } } } },
    };
    const address = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    expect(cleanSchema(schema)).toEqual({
      type: "object",
      properties: {
        address: { ...address, description: "Where" },
        employer: { anyOf: [{ type: "object", properties: { name: { type: "string" } } }, { type: "null" }] },
        orders: { type: "array", items: { type: "object", properties: { address } } },
      },
    });
  });

  it("refuses recursive schemas, naming the cycle", () => {
    const direct = { $ref: "#/$defs/Node", $defs: { Node: { type: "object", properties: { next: { $ref: "#/$defs/Node" } } } } };
    expect(() => cleanSchema(direct)).toThrow(/Recursive schema detected: "Node" directly references itself/);
    const indirect = {
      type: "object",
      properties: { b: { $ref: "#/$defs/B" } },
      $defs: { A: { properties: { b: { $ref: "#/$defs/B" } } }, B: { properties: { a: { $ref: "#/$defs/A" } } } },
    };
    expect(() => cleanSchema(indirect)).toThrow(/"B" indirectly references itself through A/);
    expect(() => cleanSchema(indirect)).toThrow(ConfigurationError);
  });

  it("refuses references it cannot resolve", () => {
    expect(() => cleanSchema({ $ref: "#/$defs/Missing" })).toThrow(/does not define/);
    expect(() => cleanSchema({ $ref: "https://example.com/schema.json" })).toThrow(ConfigurationError);
  });
});
