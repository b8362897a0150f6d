import { describe, expect, it } from "vitest";
import { pythonJson } from "../src/python-json.ts";

describe("pythonJson (json.dumps as Python writes it)", () => {
  it.each([
    [{ a: 1 }, '{"a": 1}'],
    [5, "5"],
    [null, "null"],
    [[1, "x"], '[1, "x"]'],
    [true, "true"],
    [{ "a,b": "c:d", nested: { list: [] } }, '{"a,b": "c:d", "nested": {"list": []}}'],
    ['quote " and \\ slash', '"quote \\" and \\\\ slash"'],
    ["café ✓", '"caf\\u00e9 \\u2713"'],
    [undefined, "null"],
    ["del \u007f", '"del \\u007f"'],
  ])("%j -> %s", (value, expected) => {
    expect(pythonJson(value)).toBe(expected);
  });

  it("indents like json.dumps(indent=2)", () => {
    expect(pythonJson({ a: [1], b: {} }, 2)).toBe('{\n  "a": [\n    1\n  ],\n  "b": {}\n}');
  });
});
