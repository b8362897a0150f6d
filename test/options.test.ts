import { describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";

const model = () => llm.getModel("gpt-4o-mini");

function optionsError(options: Record<string, unknown>): llm.OptionsError {
  try {
    model().prompt("hi", { options });
  } catch (error) {
    if (llm.OptionsError.is(error)) return error;
    throw error;
  }
  throw new Error("expected an OptionsError");
}

describe("options are validated at prompt() time with the model's schema", () => {
  it("accepts the OpenAI options of the Python library", () => {
    expect(() =>
      model().prompt("hi", {
        options: {
          temperature: 0.5,
          max_tokens: 10,
          top_p: 1,
          frequency_penalty: -2,
          presence_penalty: 2,
          stop: "\n",
          logit_bias: { "50256": -100 },
          seed: 42,
          json_object: true,
        },
      }),
    ).not.toThrow();
  });

  it("rejects an unknown option by name and lists the valid ones", () => {
    const error = optionsError({ temprature: 0.5 });
    expect(error.option).toBe("temprature");
    expect(error.message).toMatch(/^Unknown option "temprature" for model gpt-4o-mini\. Valid options: .*temperature/);
  });

  it.each([
    [{ temperature: 3 }, "temperature", /must be at most 2, got 3/],
    [{ temperature: -0.1 }, "temperature", /must be at least 0/],
    [{ temperature: "hot" }, "temperature", /expected a number, got "hot"/],
    [{ top_p: 1.5 }, "top_p", /at most 1/],
    [{ presence_penalty: -3 }, "presence_penalty", /at least -2/],
    [{ max_tokens: 1.5 }, "max_tokens", /integer/],
    [{ seed: "x" }, "seed", /expected a number, got "x"/],
    [{ json_object: "yes" }, "json_object", /boolean/],
  ])("rejects %j naming %s", (options, name, message) => {
    const error = optionsError(options);
    expect(error.option).toBe(name);
    expect(error.message).toContain(`"${name}"`);
    expect(error.message).toMatch(message);
  });

  it("rejects a logit_bias outside -100..100", () => {
    expect(optionsError({ logit_bias: { "1": 200 } }).option).toBe("logit_bias");
  });

  it("throws before anything is sent", async () => {
    let fetched = 0;
    await llm.configure({
      fetch: async () => {
        fetched++;
        return new Response("{}");
      },
    });
    expect(() => model().prompt("hi", { key: "sk-x", options: { temperature: 9 } })).toThrow(llm.OptionsError);
    expect(fetched).toBe(0);
  });

  it("a model with no options schema takes no options", () => {
    const plain = new llm.Model({ modelId: "plain", execute: () => new ReadableStream() });
    expect(() => plain.prompt("x", { options: { anything: 1 } })).toThrow(/takes no options/);
  });

  it("echo has example_bool", () => {
    expect(() => llm.getModel("echo").prompt("x", { options: { example_bool: true } })).not.toThrow();
    expect(() => llm.getModel("echo").prompt("x", { options: { example_bool: "no" } })).toThrow(llm.OptionsError);
  });
});
