/**
 * Thinking on later turns: signed thinking blocks (and redacted ones) go
 * back in the assistant turn, first, as the API requires when thinking is
 * on; chains and conversations with thinking work.
 */
import { afterEach, describe, expect, it } from "vitest";
import { configure } from "../../../src/configure.ts";
import * as llm from "../../../src/index.ts";
import { Model } from "../../../src/model.ts";
import { convertMessages } from "../../../src/providers/anthropic/convert-messages.ts";
import { createAnthropicModel } from "../../../src/providers/anthropic/index.ts";
import { loadFixtureCases } from "../../helpers/fixtures.ts";
import { replayFetch } from "../../helpers/replay-fetch.ts";

const event = (data: Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
const thinkingThenTool = [
  event({ type: "message_start", message: { id: "msg_t1", model: "claude-sonnet-4-5-20250929", usage: { input_tokens: 50, output_tokens: 1 } } }),
  event({ type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } }),
  event({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "I should multiply." } }),
  event({ type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "EqQBsig==" } }),
  event({ type: "content_block_stop", index: 0 }),
  event({ type: "content_block_start", index: 1, content_block: { type: "redacted_thinking", data: "EmwKAhMSredacted" } }),
  event({ type: "content_block_stop", index: 1 }),
  event({ type: "content_block_start", index: 2, content_block: { type: "tool_use", id: "toolu_think_1", name: "multiply", input: {} } }),
  event({ type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: '{"a": 6, "b": 7}' } }),
  event({ type: "content_block_stop", index: 2 }),
  event({ type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 40 } }),
  event({ type: "message_stop" }),
].join("");
const textCase = loadFixtureCases("anthropic", "messages", "anthropic").find((kase) => kase.name === "thinking-stream-sonnet-4-5")!;

/** Answers each request with the next body, recording the requests. */
function sequence(bodies: Array<string | Uint8Array>) {
  const requests: any[] = [];
  let index = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const replay = replayFetch(bodies[index++]!);
    const response = await replay.fetch(input, init);
    requests.push(replay.requests[0]!.body);
    return response;
  };
  return { fetch, requests };
}

const model = () => new Model(createAnthropicModel({ modelId: "anthropic/claude-sonnet-4-5", thinking: true }));

afterEach(() => void configure({ fetch: undefined, env: {} }));

describe("Anthropic thinking across turns", () => {
  it("a chain with thinking on sends the signed and redacted thinking blocks back before the tool_use", async () => {
    const { fetch, requests } = sequence([thinkingThenTool, textCase.body]);
    await configure({ fetch, env: { ANTHROPIC_API_KEY: "k" } });
    const multiply = llm.tool({
      name: "multiply",
      parameters: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer" } }, required: ["a", "b"] },
      execute: ({ a, b }: any) => a * b,
    });
    const chain = model().chain("6 times 7?", { tools: [multiply], options: { thinking: true } });
    expect(await chain.text()).toBe(textCase.facts.text);
    expect(requests).toHaveLength(2);
    expect(requests[0].thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(requests[1].messages).toEqual([
      { role: "user", content: [{ type: "text", text: "6 times 7?" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "I should multiply.", signature: "EqQBsig==" },
          { type: "redacted_thinking", data: "EmwKAhMSredacted" },
          { type: "tool_use", id: "toolu_think_1", name: "multiply", input: { a: 6, b: 7 } },
        ],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_think_1", content: "42" }] },
    ]);
  });

  it("a conversation with thinking on: the earlier answer goes back with its signed thinking block first", async () => {
    const { fetch, requests } = sequence([textCase.body, textCase.body]);
    await configure({ fetch, env: { ANTHROPIC_API_KEY: "k" } });
    const conversation = model().conversation();
    const first = conversation.prompt("Two names for a pet pelican, be brief", { options: { thinking: true } });
    expect(await first.reasoning()).toBe(textCase.facts.thinking);
    await conversation.prompt("Two more", { options: { thinking: true } }).text();
    expect(requests[1].messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Two names for a pet pelican, be brief" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: textCase.facts.thinking, signature: expect.stringMatching(/^Ev/) },
          { type: "text", text: textCase.facts.text },
        ],
      },
      { role: "user", content: [{ type: "text", text: "Two more" }] },
    ]);
  });

  it("reasoning parts with providerMetadata become thinking / redacted_thinking blocks; without a signature they are left out", async () => {
    const { messages, system } = await convertMessages([
      { role: "system", parts: [{ type: "text", text: "Be brief" }] },
      { role: "user", parts: [{ type: "text", text: "hi" }] },
      {
        role: "assistant",
        parts: [
          { type: "text", text: "Hello" },
          { type: "reasoning", text: "hmm", providerMetadata: { anthropic: { signature: "s1" } } },
          { type: "reasoning", text: "", redacted: true, providerMetadata: { anthropic: { redactedData: "d1" } } },
          { type: "reasoning", text: "unsigned" },
        ],
      },
      { role: "system", parts: [{ type: "text", text: "Be brief" }] },
      { role: "user", parts: [{ type: "text", text: "again" }] },
    ]);
    expect(system).toBe("Be brief");
    expect(messages).toEqual([
      { role: "user", content: [{ type: "text", text: "hi" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "hmm", signature: "s1" },
          { type: "redacted_thinking", data: "d1" },
          { type: "text", text: "Hello" },
        ],
      },
      { role: "user", content: [{ type: "text", text: "again" }] },
    ]);
  });

  it("a data: URL attachment is sent as base64, not as a url source", async () => {
    const attachment = { type: "image/png", url: "data:image/png;base64,AAAA", bytes: async () => new Uint8Array(3), base64: async () => "AAAA", id: async () => "x" };
    const { messages } = await convertMessages([{ role: "user", parts: [{ type: "attachment", attachment }] }]);
    expect(messages[0]!.content).toEqual([{ type: "image", source: { type: "base64", media_type: "image/png", data: "AAAA" } }]);
  });

  it("tool results merge with an adjacent user turn, first", async () => {
    const { messages } = await convertMessages([
      { role: "user", parts: [{ type: "text", text: "go" }] },
      { role: "assistant", parts: [{ type: "tool-call", toolCallId: "t1", name: "f", arguments: {} }] },
      { role: "tool", parts: [{ type: "tool-result", toolCallId: "t1", name: "f", output: "done" }] },
      { role: "user", parts: [{ type: "text", text: "and now?" }] },
    ]);
    expect(messages).toEqual([
      { role: "user", content: [{ type: "text", text: "go" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f", input: {} }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "t1", content: "done" },
          { type: "text", text: "and now?" },
        ],
      },
    ]);
  });
});
