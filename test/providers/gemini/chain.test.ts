/**
 * Chains on Gemini built from recorded streams: the first request is
 * answered with a recorded function call, the second with a recorded text
 * stream; the second request body is checked field by field.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../../../src/index.ts";
import { createGeminiModel, geminiModelConfig } from "../../../src/providers/gemini/index.ts";
import { loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { replayFetch, seeds } from "../../helpers/replay-fetch.ts";

const cases = loadFixtureCases("gemini", "stream-generate-content-sse", "gemini");
const byName = (name: string): FixtureCase => cases.find((kase) => kase.name === name)!;

/** Answers request N with the Nth case (split by `seed`), recording every request. */
function sequence(kases: FixtureCase[], seed?: number) {
  const requests: Array<{ url: string; body: any }> = [];
  let index = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const kase = kases[index++]!;
    const replay = replayFetch(kase.body, { status: kase.status, contentType: kase.contentType, split: seed === undefined ? undefined : { seed } });
    const response = await replay.fetch(input, init);
    requests.push({ url: replay.requests[0]!.url, body: replay.requests[0]!.body });
    return response;
  };
  return { fetch, requests };
}

afterEach(() => void llm.configure({ fetch: undefined, env: {} }));

const getCapital = () =>
  llm.tool({
    name: "get_capital",
    description: "Get the capital of a country.",
    parameters: z.object({ country: z.string().describe("The country name.") }),
    execute: ({ country }) => (country === "France" ? "Paris" : "unknown"),
  });

describe("chains on Gemini", () => {
  it("a function call, then text: the second request carries the call and its functionResponse", async () => {
    const toolCase = byName("function-call-stream-gemini-2.0-flash");
    const textCase = byName("text-after-function-stream-gemini-2.0-flash");
    for (const seed of [undefined, ...seeds(20)]) {
      const { fetch, requests } = sequence([toolCase, textCase], seed);
      await llm.configure({ fetch, env: { GEMINI_API_KEY: "gm-test" } });
      const model = new llm.Model(createGeminiModel(geminiModelConfig("gemini-2.0-flash")));
      const chain = model.chain("What is the capital of France?", { tools: [getCapital()], system: "You are a helpful chatbot.", options: { temperature: 0 } });
      const responses: llm.Response[] = [];
      for await (const response of chain.responses()) responses.push(response);
      expect(await chain.text()).toBe(textCase.facts.text);
      expect(responses).toHaveLength(2);
      const [call] = await responses[0]!.toolCalls();
      expect(call).toMatchObject({ name: "get_capital", arguments: { country: "France" } });
      expect(call!.toolCallId).toMatch(/^tc_/);
      expect(await responses[1]!.usage()).toMatchObject({ input: 79, output: 12 });
      expect(requests.map((request) => request.url)).toEqual([
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
      ]);
      const tools = [
        {
          functionDeclarations: [
            {
              name: "get_capital",
              description: "Get the capital of a country.",
              parameters: { type: "object", properties: { country: { type: "string", description: "The country name." } }, required: ["country"] },
            },
          ],
        },
      ];
      const system = { parts: [{ text: "You are a helpful chatbot." }] };
      expect(requests[0]!.body).toEqual({
        contents: [{ role: "user", parts: [{ text: "What is the capital of France?" }] }],
        systemInstruction: system,
        tools,
        generationConfig: { temperature: 0 },
      });
      expect(requests[1]!.body).toEqual({
        contents: [
          { role: "user", parts: [{ text: "What is the capital of France?" }] },
          { role: "model", parts: [{ functionCall: { name: "get_capital", args: { country: "France" } } }] },
          { role: "user", parts: [{ functionResponse: { name: "get_capital", response: { output: "Paris" } } }] },
        ],
        systemInstruction: system,
        tools,
        generationConfig: { temperature: 0 },
      });
    }
  });

  it("Gemini 3: a function call goes back with the thought signature it came with", async () => {
    const toolCase = byName("function-call-thought-signature-gemini-3-pro");
    const textCase = byName("text-after-function-stream-gemini-2.0-flash");
    const { fetch, requests } = sequence([toolCase, textCase], 11);
    await llm.configure({ fetch, env: { GEMINI_API_KEY: "gm-test" } });
    const getCountry = llm.tool({ name: "get_country", execute: () => "France" });
    const model = new llm.Model(createGeminiModel(geminiModelConfig("gemini-3-pro-preview")));
    const chain = model.chain("What is the capital of the user country? Call the tool", { tools: [getCountry] });
    expect(await chain.text()).toBe(textCase.facts.text);
    expect(requests[1]!.body.contents).toEqual([
      { role: "user", parts: [{ text: "What is the capital of the user country? Call the tool" }] },
      { role: "model", parts: [{ functionCall: { name: "get_country", args: {} }, thoughtSignature: expect.stringMatching(/^Ep[A-Za-z0-9+/]{100,}/) }] },
      { role: "user", parts: [{ functionResponse: { name: "get_country", response: { output: "France" } } }] },
    ]);
    // The very signature of the recorded stream, not Google's placeholder.
    const signature: string = requests[1]!.body.contents[1].parts[0].thoughtSignature;
    expect(new TextDecoder().decode(toolCase.body)).toContain(signature);
    expect(requests[1]!.body.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true } });
  });
});
