/**
 * A chain round on OpenAI, built from recorded tool-call streams: the first
 * request is answered with the recorded tool call(s), the second with a
 * recorded text stream; the second request body is checked field by field
 * and against OpenAI's own schema.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../../../src/index.ts";
import { loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { chatRequestErrors } from "../../helpers/openai-spec.ts";
import { replayFetch, seeds } from "../../helpers/replay-fetch.ts";

const cases = loadFixtureCases("openai", "chat-completions");
const byName = (name: string): FixtureCase => cases.find((kase) => kase.name === name)!;

/** Answers request N with the Nth case (split by `seed`), recording every request body. */
function sequence(kases: FixtureCase[], seed?: number) {
  const bodies: any[] = [];
  let index = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const kase = kases[index++]!;
    const replay = replayFetch(kase.body, { status: kase.status, contentType: kase.contentType, split: seed === undefined ? undefined : { seed } });
    const response = await replay.fetch(input, init);
    bodies.push(replay.requests[0]!.body);
    return response;
  };
  return { fetch, bodies };
}

afterEach(() => void llm.configure({ fetch: undefined, env: {} }));

describe("chains on OpenAI chat completions", () => {
  it("a single tool call: the second request carries the assistant's call and the tool's result", async () => {
    const toolCase = byName("tool-call-stream-gpt-4o-mini");
    const textCase = byName("text-stream-usage-gpt-4o-mini");
    for (const seed of [undefined, ...seeds(20)]) {
      const { fetch, bodies } = sequence([toolCase, textCase], seed);
      await llm.configure({ fetch, env: {} });
      const multiply = llm.tool({
        name: "multiply",
        description: "Multiply two numbers.",
        parameters: z.object({ a: z.int(), b: z.int() }),
        execute: ({ a, b }) => a * b,
      });
      const chain = llm.getModel("gpt-4o-mini").chain("What is 1231 * 2331?", { key: "sk-test", tools: [multiply], options: { temperature: 0 } });
      const responses: llm.Response[] = [];
      for await (const response of chain.responses()) responses.push(response);
      expect(await chain.text()).toBe(textCase.facts.text);
      const [call] = await responses[0]!.toolCalls();
      expect(call).toEqual({ name: "multiply", arguments: { a: 1231, b: 2331 }, toolCallId: toolCase.facts.tool_calls[0].id });
      expect(bodies).toHaveLength(2);
      const tools = [
        {
          type: "function",
          function: {
            name: "multiply",
            description: "Multiply two numbers.",
            parameters: {
              type: "object",
              properties: {
                a: { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
                b: { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
              },
              required: ["a", "b"],
            },
          },
        },
      ];
      expect(bodies[0]).toEqual({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "What is 1231 * 2331?" }],
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0,
        tools,
      });
      expect(bodies[1]).toEqual({
        model: "gpt-4o-mini",
        messages: [
          { role: "user", content: "What is 1231 * 2331?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ type: "function", id: call!.toolCallId, function: { name: "multiply", arguments: '{"a":1231,"b":2331}' } }],
          },
          { role: "tool", tool_call_id: call!.toolCallId, content: "2869461" },
        ],
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0,
        tools,
      });
      expect(chatRequestErrors(bodies[0])).toEqual([]);
      expect(chatRequestErrors(bodies[1])).toEqual([]);
    }
  });

  it("parallel tool calls: every result goes back, in call order, one tool message each", async () => {
    const toolCase = byName("parallel-tool-calls-stream-gpt-4o");
    const textCase = byName("text-stream-usage-gpt-4o-mini");
    const { fetch, bodies } = sequence([toolCase, textCase], 7);
    await llm.configure({ fetch, env: {} });
    const getCountry = llm.tool({ name: "get_country", execute: async () => "Mexico" });
    const getProductName = llm.tool({ name: "get_product_name", execute: () => ({ name: "Pydantic AI" }) });
    const chain = llm.getModel("gpt-4o").chain("Tell me: the country; the product name", { key: "sk-test", tools: [getCountry, getProductName], system: "Be brief." });
    await chain.text();
    const ids = toolCase.facts.tool_calls.map((call: { id: string }) => call.id);
    expect(bodies[1].messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Tell me: the country; the product name" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { type: "function", id: ids[0], function: { name: "get_country", arguments: "{}" } },
          { type: "function", id: ids[1], function: { name: "get_product_name", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: ids[0], content: "Mexico" },
      { role: "tool", tool_call_id: ids[1], content: '{"name": "Pydantic AI"}' },
    ]);
    expect(chatRequestErrors(bodies[1])).toEqual([]);
  });
});
