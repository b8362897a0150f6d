/**
 * The llm-anthropic recordings of `../shared/fixtures`: the same prompt sent
 * through `llm.getModel(<alias>).prompt()` gives the recorded request body
 * field by field (only `max_tokens` differs: the recordings predate the
 * plugin's per-model defaults, which this port follows), and the recorded
 * answer is read back.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../../src/index.ts";
import { registerAnthropic } from "../../../src/providers/anthropic/index.ts";
import { loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { replayFetch } from "../../helpers/replay-fetch.ts";

const cases = loadFixtureCases("anthropic", "messages", "anthropic");
const fixture = (name: string): FixtureCase => cases.find((kase) => kase.name === name)!;

llm.registerModels(registerAnthropic);
beforeEach(async () => {
  await llm.configure({ env: { ANTHROPIC_API_KEY: "sk-ant-test" }, storage: llm.createMemoryStorage() });
});

/** Sends the prompt against the recorded answer; returns the request body and the response. */
async function replay(kase: FixtureCase, send: () => llm.Response<any>) {
  const { fetch, requests } = replayFetch(kase.body, { contentType: kase.contentType });
  await llm.configure({ fetch });
  const response = send();
  expect(await response.text()).toBe(kase.facts.text);
  expect(await response.resolvedModel()).toBe(kase.facts.model);
  expect(await response.usage()).toMatchObject({ input: kase.facts.usage.input_tokens, output: kase.facts.usage.output_tokens });
  const { max_tokens, ...body } = requests[0]!.body;
  const { max_tokens: _recorded, ...recorded } = kase.request;
  expect(body).toEqual(recorded);
  return { max_tokens, response };
}

describe("recorded llm-anthropic requests", () => {
  it("text-stream-sonnet-4-5", async () => {
    const kase = fixture("text-stream-sonnet-4-5");
    const { max_tokens } = await replay(kase, () => llm.getModel("claude-sonnet-4.5").prompt("Two names for a pet pelican, be brief"));
    expect(max_tokens).toBe(64000);
  });

  it("image-input-stream-sonnet-4-5: a base64 image before the text", async () => {
    const kase = fixture("image-input-stream-sonnet-4-5");
    const [image, text] = kase.request.messages[0].content;
    const content = Uint8Array.from(atob(image.source.data), (char) => char.charCodeAt(0));
    await replay(kase, () => llm.getModel("claude-sonnet-4.5").prompt(text.text, { attachments: [llm.attachment({ content })] }));
  });

  it("prefill-stop-sequence-stream-haiku-4-5: prefill as a last assistant turn, stop sequences", async () => {
    const kase = fixture("prefill-stop-sequence-stream-haiku-4-5");
    // The recorded answer does not repeat the prefill: check that with hide_prefill, then the body.
    const options = { prefill: "```python", hide_prefill: true, stop_sequences: "```" };
    const { response } = await replay(kase, () => llm.getModel("claude-haiku-4.5").prompt("Very short function describing a pelican", { options }));
    expect(await response.finishReason()).toBe("stop_sequence");
  });

  it("thinking-stream-sonnet-4-5: thinking on with the default budget; reasoning read back", async () => {
    const kase = fixture("thinking-stream-sonnet-4-5");
    const { response } = await replay(kase, () => llm.getModel("claude-sonnet-4.5").prompt("Two names for a pet pelican, be brief", { options: { thinking: true } }));
    expect(await response.reasoning()).toBe(kase.facts.thinking);
  });

  it("adaptive-thinking-stream-opus-4-6: thinking on an adaptive model is adaptive", async () => {
    const kase = fixture("adaptive-thinking-stream-opus-4-6");
    const { response, max_tokens } = await replay(kase, () =>
      llm.getModel("claude-opus-4.6").prompt("Two names for a pet pelican, be brief", { options: { thinking: true } }),
    );
    expect(await response.reasoning()).toBe(kase.facts.thinking);
    expect(max_tokens).toBe(128000);
  });

  it("tool-use-stream-haiku-4-5: a tool without parameters", async () => {
    const kase = fixture("tool-use-stream-haiku-4-5");
    const tool = llm.tool({ name: "pelican_name_generator", execute: () => "x" });
    const { response } = await replay(kase, () => llm.getModel("claude-haiku-4.5").prompt("Two names for a pet pelican", { tools: [tool] }));
    expect((await response.toolCalls()).map((call) => call.arguments)).toEqual([{}, {}]);
  });
});
