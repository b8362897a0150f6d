import { describe, expect, it } from "vitest";
import { boolean, number, oneOf, optionsSchema, stringOrStrings } from "../src/option-schema.ts";

const schema = optionsSchema({
  level: number({ min: 1, max: 3, integer: true }),
  flag: boolean(),
  mode: oneOf(["fast", "slow"] as const),
  stop: stringOrStrings(),
});
const validate = (value: unknown) => schema["~standard"].validate(value) as { value?: unknown; issues?: readonly any[] };

describe("optionsSchema", () => {
  it("is a Standard Schema that lists its option names", () => {
    expect(schema["~standard"]).toMatchObject({ version: 1, vendor: "llm-anywhere" });
    expect(schema.optionNames).toEqual(["level", "flag", "mode", "stop"]);
  });

  it("passes valid options and drops null/undefined as not set", () => {
    expect(validate({ level: 2, flag: false, mode: "slow", stop: ["a"], extra: undefined })).toEqual({
      issues: [{ message: 'Unknown option "extra"', path: [], keys: ["extra"] }],
    });
    expect(validate({ level: 2, flag: false, mode: "slow", stop: ["a"] })).toEqual({ value: { level: 2, flag: false, mode: "slow", stop: ["a"] } });
    expect(validate({ level: null, flag: undefined })).toEqual({ value: {} });
  });

  it.each([
    [{ level: 0 }, "level", "must be at least 1, got 0"],
    [{ level: 4 }, "level", "must be at most 3, got 4"],
    [{ level: 1.5 }, "level", "expected an integer, got 1.5"],
    [{ level: Number.NaN }, "level", "expected a number, got null"],
    [{ flag: "true" }, "flag", 'expected a boolean, got "true"'],
    [{ mode: "medium" }, "mode", 'must be one of fast, slow, got "medium"'],
    [{ stop: [1] }, "stop", "expected a string or an array of strings, got [1]"],
  ])("%j -> %s: %s", (input, name, message) => {
    expect(validate(input).issues).toEqual([{ message, path: [name] }]);
  });

  it("rejects options that are not an object", () => {
    expect(validate([1]).issues?.[0].message).toBe("options must be an object, got [1]");
  });
});
