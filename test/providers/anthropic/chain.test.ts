/**
 * A chain on Anthropic built from recorded streams: the first request is
 * answered with the recorded tool_use stream, the second with the recorded
 * text stream; the second request is checked field by field against the
 * one llm-anthropic sent in that recording.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as llm from "../../../src/index.ts";
import { registerAnthropic } from "../../../src/providers/anthropic/index.ts";
import { loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { replayFetch, seeds } from "../../helpers/replay-fetch.ts";

const cases = loadFixtureCases("anthropic", "messages", "anthropic");
const byName = (name: string): FixtureCase => cases.find((kase) => kase.name === name)!;

/** Answers request N with the Nth case (split by `seed`), recording every request. */
function sequence(kases: FixtureCase[], seed?: number) {
  const requests: Array<{ body: any; headers: Record<string, string> }> = [];
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

llm.registerModels(registerAnthropic);
afterEach(() => void llm.configure({ fetch: undefined, env: {} }));

describe("chains on the Anthropic Messages API", () => {
  it("two tool calls without arguments, then text: the second request carries tool_use and tool_result blocks", async () => {
    const toolCase = byName("tool-use-stream-haiku-4-5");
    const textCase = byName("text-after-tool-result-stream-haiku-4-5");
    const recorded = textCase.request;
    for (const seed of [undefined, ...seeds(20)]) {
      const { fetch, requests } = sequence([toolCase, textCase], seed);
      await llm.configure({ fetch, env: { ANTHROPIC_API_KEY: "sk-ant-test" } });
      const names = ["Charles", "Sammy"];
      let calls = 0;
      const generator = llm.tool({ name: "pelican_name_generator", execute: () => names[calls++]! });
      const chain = llm.getModel("claude-haiku-4.5").chain("Two names for a pet pelican", { tools: [generator] });
      const responses: llm.Response[] = [];
      for await (const response of chain.responses()) responses.push(response);
      expect(responses).toHaveLength(2);
      expect(await chain.text()).toBe(textCase.facts.text);
      const ids = toolCase.facts.tool_calls.map((call: { id: string }) => call.id);
      expect(await responses[0]!.toolCalls()).toEqual(ids.map((toolCallId: string) => ({ name: "pelican_name_generator", arguments: {}, toolCallId })));
      expect(await responses[0]!.finishReason()).toBe("tool_use");
      expect(await responses[1]!.usage()).toMatchObject({ input: 678, output: 82 });
      expect(requests).toHaveLength(2);
      for (const request of requests) {
        expect(request.headers).toMatchObject({ "x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01" });
        expect(request.body).toMatchObject({ model: "claude-haiku-4-5-20251001", temperature: 1, stream: true, max_tokens: 64000 });
        expect(request.body.tools).toEqual(recorded.tools);
      }
      expect(requests[0]!.body.messages).toEqual([recorded.messages[0]]);
      // The plugin's display-only " " text before the tool_use blocks is not sent (the plugin filters it after tool_use).
      const [user, assistant, results] = recorded.messages;
      expect(requests[1]!.body.messages).toEqual([
        user,
        { role: "assistant", content: assistant.content.filter((block: any) => block.type !== "text") },
        results,
      ]);
    }
  });
});
