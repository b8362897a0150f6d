import { describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";

const { schemaDsl } = llm;

describe("schemaDsl (the Python library's concise schema language)", () => {
  it("the documented example: comma-separated fields, types, every field required in order", () => {
    expect(schemaDsl("name, age int, bio")).toEqual({
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer" }, bio: { type: "string" } },
      required: ["name", "age", "bio"],
    });
  });

  it("keys in the order type, properties, required (as Python's json.dumps would write them)", () => {
    expect(JSON.stringify(schemaDsl("name, age int: years"))).toBe(
      '{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","description":"years"}},"required":["name","age"]}',
    );
  });

  it("types: int, float, bool, str; anything else or nothing is a string", () => {
    expect(schemaDsl("a int, b float, c bool, d str, e, f date, g INT, h integer").properties).toEqual({
      a: { type: "integer" },
      b: { type: "number" },
      c: { type: "boolean" },
      d: { type: "string" },
      e: { type: "string" },
      f: { type: "string" },
      g: { type: "string" },
      h: { type: "string" },
    });
  });

  it("descriptions after the first colon, trimmed; only when not empty", () => {
    expect(schemaDsl("name: the name, age int:  in years  , bio:").properties).toEqual({
      name: { type: "string", description: "the name" },
      age: { type: "integer", description: "in years" },
      bio: { type: "string" },
    });
    expect(schemaDsl("url: where: at https://example.com").properties).toEqual({
      url: { type: "string", description: "where: at https://example.com" },
    });
  });

  it("fields split on newlines when there is a newline, so descriptions may contain commas", () => {
    expect(schemaDsl("name: the full name, first then last\nage int: in years, roughly\r\n\n  bio  ")).toEqual({
      type: "object",
      properties: {
        name: { type: "string", description: "the full name, first then last" },
        age: { type: "integer", description: "in years, roughly" },
        bio: { type: "string" },
      },
      required: ["name", "age", "bio"],
    });
  });

  it("in the comma form, a comma ends the description (as in Python)", () => {
    expect(schemaDsl("name: first, last").properties).toEqual({ name: { type: "string", description: "first" }, last: { type: "string" } });
  });

  it("extra spaces and empty fields are ignored; a third word is ignored", () => {
    expect(schemaDsl("   name   ,,  age    int   , , tags str extra words ,")).toEqual({
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer" }, tags: { type: "string" } },
      required: ["name", "age", "tags"],
    });
    expect(schemaDsl("name\tint")).toEqual({ type: "object", properties: { name: { type: "integer" } }, required: ["name"] });
  });

  it("the empty string (or only separators) is an object with no properties", () => {
    const empty = { type: "object", properties: {}, required: [] };
    expect(schemaDsl("")).toEqual(empty);
    expect(schemaDsl("  , ,")).toEqual(empty);
    expect(schemaDsl("\n\n  \n")).toEqual(empty);
  });

  it("a repeated name: the last definition wins, in the first one's place; required lists it twice (as in Python)", () => {
    const schema = schemaDsl("a, b, a int");
    expect(Object.keys(schema.properties as object)).toEqual(["a", "b"]);
    expect(schema.properties).toEqual({ a: { type: "integer" }, b: { type: "string" } });
    expect(schema.required).toEqual(["a", "b", "a"]);
  });

  it("a field named __proto__ or constructor is a field like any other", () => {
    const schema = schemaDsl("__proto__ int, constructor");
    expect(Object.keys(schema.properties as object)).toEqual(["__proto__", "constructor"]);
    expect(JSON.parse(JSON.stringify(schema)).properties.__proto__).toEqual({ type: "integer" });
  });

  it("multi wraps it as { items: [<item>] }", () => {
    expect(schemaDsl("name, age int", { multi: true })).toEqual({
      type: "object",
      properties: {
        items: {
          type: "array",
          items: { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } }, required: ["name", "age"] },
        },
      },
      required: ["items"],
    });
    expect(schemaDsl("name", { multi: false })).toEqual(schemaDsl("name"));
  });

  it("a field with nothing before its colon is an error naming that field", () => {
    expect(() => schemaDsl("name, : a description")).toThrow(llm.SchemaError);
    expect(() => schemaDsl("name, : a description")).toThrow("Schema field ': a description' has no name");
    expect(() => schemaDsl("name\n   :   spaces")).toThrow("Schema field ':   spaces' has no name");
    expect(() => schemaDsl(":")).toThrow("Schema field ':' has no name");
    const error = (() => {
      try {
        schemaDsl("ok, : bad");
      } catch (caught) {
        return caught as llm.SchemaError;
      }
    })();
    expect(error?.text).toBe("ok, : bad");
  });
});
