/**
 * A two-round chain with a tool on the Responses API, built from recorded
 * streams: the first request is answered with the recorded function-call
 * stream, the second with the recorded text-after-function stream; both
 * requests are checked field by field against the ones the Python library
 * sent in that recording, and against OpenAI's schema.
 */
import { afterEach, describe, expect, it } from "vitest";
import { configure } from "../../../src/configure.ts";
import * as llm from "../../../src/index.ts";
import { Model } from "../../../src/model.ts";
import { createOpenAIResponsesModel } from "../../../src/providers/openai-responses/index.ts";
import { loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { replayFetch, seeds } from "../../helpers/replay-fetch.ts";
import { responsesRequestErrors } from "./responses-spec.ts";

const cases = loadFixtureCases("openai", "responses");
const byName = (name: string): FixtureCase => cases.find((kase) => kase.name === name)!;

/** Answers request N with the Nth case (split by `seed`), recording every request. */
function sequence(kases: FixtureCase[], seed?: number) {
  const requests: Array<{ url: string; body: any; headers: Record<string, string> }> = [];
  let index = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const kase = kases[index++]!;
    const replay = replayFetch(kase.body, { status: kase.status, contentType: kase.contentType, split: seed === undefined ? undefined : { seed } });
    const response = await replay.fetch(input, init);
    requests.push(replay.requests[0]!);
    return response;
  };
  return { fetch, requests };
}

/** What we send where the Python library's recording differs: a summary asked for, tools not strict. */
function asWeSendIt(recorded: any): any {
  return { ...recorded, reasoning: { ...recorded.reasoning, summary: "auto" }, tools: recorded.tools.map((tool: any) => ({ ...tool, strict: false })) };
}

afterEach(() => configure({ fetch: undefined, env: {} }));

describe("a chain on the Responses API", () => {
  it("a function call, then text: the second request carries function_call and function_call_output items", async () => {
    const callCase = byName("function-call-stream-gpt-5.5");
    const textCase = byName("text-after-function-stream-gpt-5.5");
    const model = new Model(createOpenAIResponsesModel({ modelId: "gpt-5.5" }));
    for (const seed of [undefined, ...seeds(20)]) {
      const { fetch, requests } = sequence([callCase, textCase], seed);
      await configure({ fetch, env: { OPENAI_API_KEY: "sk-test" } });
      const calls: unknown[] = [];
      const multiply = llm.tool({
        name: "multiply",
        description: "Multiply two numbers.",
        parameters: { properties: { a: { type: "integer" }, b: { type: "integer" } }, required: ["a", "b"], type: "object" },
        execute: (args) => {
          const { a, b } = args as { a: number; b: number };
          calls.push({ a, b });
          return a * b;
        },
      });
      const chain = model.chain("What is 1231 * 2331? Use the multiply tool.", { tools: [multiply], options: { reasoning_effort: "low" } });
      const responses: llm.Response[] = [];
      for await (const response of chain.responses()) responses.push(response);
      expect(responses).toHaveLength(2);
      expect(await chain.text()).toBe(textCase.facts.text);
      expect(calls).toEqual([{ a: 1231, b: 2331 }]);
      expect(await responses[0]!.toolCalls()).toEqual([{ name: "multiply", arguments: { a: 1231, b: 2331 }, toolCallId: "call_sVidsfFJ6zlzRpelrPkTPlpd" }]);
      expect(await responses[0]!.finishReason()).toBe("completed");
      expect(await responses[1]!.usage()).toMatchObject({ input: 94, output: 18 });
      expect(await responses[1]!.resolvedModel()).toBe("gpt-5.5-2026-04-23");
      expect(requests).toHaveLength(2);
      for (const request of requests) {
        expect(request.url).toBe("https://api.openai.com/v1/responses");
        expect(request.headers.authorization).toBe("Bearer sk-test");
        expect(responsesRequestErrors(request.body)).toEqual([]);
      }
      expect(requests[0]!.body).toEqual(asWeSendIt(callCase.request));
      expect(requests[1]!.body).toEqual(asWeSendIt(textCase.request));
    }
  });
});
