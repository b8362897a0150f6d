import { describe, expect, it } from "vitest";
import { OptionsError } from "../../../src/errors.ts";
import { validateOptions } from "../../../src/options.ts";
import { createOpenAIChatModel } from "../../../src/providers/openai/index.ts";
import { openAIChatOptionsSchema, openAIReasoningOptionsSchema } from "../../../src/providers/openai/options.ts";

const validate = (value: unknown, schema = openAIChatOptionsSchema) => schema["~standard"].validate(value) as { value?: any; issues?: any[] };
const ok = (value: unknown, schema = openAIChatOptionsSchema) => {
  const result = validate(value, schema);
  expect(result.issues).toBeUndefined();
  return result.value;
};
const issue = (value: unknown, schema = openAIChatOptionsSchema) => {
  const result = validate(value, schema);
  expect(result.issues?.length).toBeGreaterThan(0);
  return result.issues![0];
};

describe("OpenAI chat options", () => {
  it("accepts every option in range, and null as not set", () => {
    const options = {
      temperature: 0.7,
      max_tokens: 100,
      top_p: 0.5,
      frequency_penalty: -2,
      presence_penalty: 2,
      stop: ["\n", "END"],
      logit_bias: { "1712": -100 },
      seed: 42,
      json_object: true,
    };
    expect(ok(options)).toEqual(options);
    expect(ok({ temperature: null, stop: "x" })).toEqual({ stop: "x" });
    expect(ok({})).toEqual({});
  });

  it("checks ranges and types as the Python library does", () => {
    for (const [name, bad] of [
      ["temperature", 2.1],
      ["temperature", -0.1],
      ["top_p", 1.5],
      ["frequency_penalty", -3],
      ["presence_penalty", 2.5],
      ["max_tokens", 1.5],
      ["max_tokens", "100"],
      ["seed", 0.5],
      ["json_object", "yes"],
      ["stop", 5],
      ["stop", [1]],
    ] as const) {
      expect(issue({ [name]: bad }).path, `${name}=${String(bad)}`).toEqual([name]);
    }
  });

  it("rejects unknown option names", () => {
    expect(issue({ temprature: 1 })).toMatchObject({ message: 'Unknown option "temprature"', keys: ["temprature"] });
    expect(issue({ reasoning_effort: "low" })).toMatchObject({ keys: ["reasoning_effort"] });
  });

  it("takes logit_bias as token ids mapped to integers in -100..100", () => {
    expect(ok({ logit_bias: { "1712": -100, "892": 100, "5": 7 } }).logit_bias).toEqual({ "1712": -100, "892": 100, "5": 7 });
  });

  it("rejects a bad logit_bias with the Python library's words", () => {
    for (const bad of [{ abc: 1 }, { "1": 101 }, { "1": -101 }, { "1": "x" }, { "1.5": 1 }, { "7": 12.9 }, "[1, 2]", '{"1": 1}', 5, [1], { "1": true }]) {
      expect(issue({ logit_bias: bad }), JSON.stringify(bad)).toMatchObject({
        path: ["logit_bias"],
        message: "Invalid key-value pair in logit_bias dictionary",
      });
    }
  });

  it("reasoning models add reasoning_effort", () => {
    expect(ok({ reasoning_effort: "low", temperature: 1 }, openAIReasoningOptionsSchema)).toEqual({ reasoning_effort: "low", temperature: 1 });
    expect(issue({ reasoning_effort: "extreme" }, openAIReasoningOptionsSchema).path).toEqual(["reasoning_effort"]);
  });

  it("fails at prompt() time through the model's validation, with a readable OptionsError", () => {
    const adapter = createOpenAIChatModel({ modelId: "gpt-4o-mini" });
    expect(() => validateOptions(adapter, { logit_bias: { abc: 1 } })).toThrow(OptionsError);
    expect(() => validateOptions(adapter, { logit_bias: { abc: 1 } })).toThrow(/Invalid key-value pair in logit_bias dictionary/);
    expect(() => validateOptions(adapter, { nope: 1 })).toThrow(/Unknown option "nope"/);
    expect(() => validateOptions(adapter, { temperature: 3 })).toThrow(/temperature/);
    const reasoning = createOpenAIChatModel({ modelId: "o3-mini", reasoning: true });
    expect(validateOptions(reasoning, { reasoning_effort: "high" })).toEqual({ reasoning_effort: "high" });
  });
});
