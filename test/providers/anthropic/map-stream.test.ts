/**
 * Hand-made Messages API streams and bodies for what the recordings do not
 * cover: error events, truncation, whole (non-streamed) messages with
 * thinking and tool_use, and tool input streamed in pieces.
 */
import { describe, expect, it } from "vitest";
import { ApiError, StreamError } from "../../../src/errors.ts";
import { createAnthropicModel } from "../../../src/providers/anthropic/index.ts";
import { collectParts, summarize } from "../../helpers/collect-parts.ts";
import { replayFetch, seeds, type ReplayOptions } from "../../helpers/replay-fetch.ts";

const event = (data: Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
const start = event({
  type: "message_start",
  message: { id: "msg_x", type: "message", role: "assistant", model: "claude-sonnet-4-5-20250929", content: [], usage: { input_tokens: 10, output_tokens: 1 } },
});
const textBlock = [
  event({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
  event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hel" } }),
  event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "lo" } }),
  event({ type: "content_block_stop", index: 0 }),
].join("");
const stop = event({ type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 5 } }) + event({ type: "message_stop" });

async function run(body: string, options: ReplayOptions & { stream?: boolean } = {}) {
  const { fetch } = replayFetch(body, options);
  const adapter = createAnthropicModel({ modelId: "anthropic/claude-sonnet-4-5", thinking: true });
  try {
    return await collectParts(adapter.execute({ messages: [], options: {}, tools: [], stream: options.stream ?? true, key: "sk-ant-secret", fetch, env: {} }));
  } catch (thrown) {
    return { parts: [], error: thrown };
  }
}

describe("Messages API stream mapping", () => {
  it("an error event after a 200 is a StreamError with the provider's type and message; overloaded is retryable", async () => {
    for (const [type, retryable] of [
      ["overloaded_error", true],
      ["api_error", true],
      ["rate_limit_error", true],
      ["invalid_request_error", false],
    ] as const) {
      const { parts, error } = await run(start + textBlock + event({ type: "error", error: { type, message: "Overloaded" } }));
      expect(summarize(parts).text).toBe("Hello");
      expect(StreamError.is(error)).toBe(true);
      expect(error).toMatchObject({ reason: "error-event", type, providerMessage: "Overloaded", isRetryable: retryable });
      expect((error as Error).message).toContain("Overloaded");
    }
  });

  it("a body that ends before message_stop is a truncated StreamError (retryable), at every split", async () => {
    for (const seed of [undefined, ...seeds(20)]) {
      const { parts, error } = await run(start + textBlock, { split: seed === undefined ? undefined : { seed } });
      expect(summarize(parts).text).toBe("Hello");
      expect(error).toMatchObject({ reason: "truncated", isRetryable: true });
    }
    const { error } = await run(start + textBlock + event({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 5 } }));
    expect(StreamError.is(error)).toBe(true);
  });

  it("ping and unknown events are ignored; usage overlays message_delta on message_start", async () => {
    const body = start + event({ type: "ping" }) + textBlock + event({ type: "some_future_event", x: 1 }) + stop;
    const { parts, error } = await run(body);
    expect(error).toBeUndefined();
    const summary = summarize(parts);
    expect(summary).toMatchObject({ text: "Hello", finishReason: "end_turn", usage: { input: 10, output: 5, details: undefined } });
    expect(summary.raw).toEqual({
      id: "msg_x",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [{ type: "text", text: "Hello" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5 },
    });
  });

  it("tool input streamed in pieces: tool-call-deltas, then one tool-call with the whole JSON", async () => {
    const body =
      start +
      event({ type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "toolu_1", name: "multiply", input: {} } }) +
      event({ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: '{"a": 12' } }) +
      event({ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: ', "b": 3}' } }) +
      event({ type: "content_block_stop", index: 0 }) +
      stop;
    const { parts } = await run(body);
    expect(parts.filter((part) => part.type === "tool-call-delta")).toEqual([
      { type: "tool-call-delta", index: 0, toolCallId: "toolu_1", name: "multiply", argumentsDelta: "" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"a": 12' },
      { type: "tool-call-delta", index: 0, argumentsDelta: ', "b": 3}' },
    ]);
    expect(summarize(parts).toolCalls).toEqual([{ id: "toolu_1", name: "multiply", argumentsRaw: '{"a": 12, "b": 3}', arguments: { a: 12, b: 3 } }]);
    expect((summarize(parts).raw as any).content[0].input).toEqual({ a: 12, b: 3 });
  });

  it("cache token counts are usage details", async () => {
    const cached = event({
      type: "message_start",
      message: { id: "m", model: "c", usage: { input_tokens: 4, output_tokens: 1, cache_creation_input_tokens: 1500, cache_read_input_tokens: 0 } },
    });
    const later = event({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 2, cache_read_input_tokens: 20 } });
    const { parts } = await run(cached + textBlock + later + event({ type: "message_stop" }));
    expect(summarize(parts).usage).toEqual({ input: 4, output: 2, details: { cache_creation_input_tokens: 1500, cache_read_input_tokens: 20 } });
  });

  it("a whole message (stream: false) with thinking, redacted thinking, text and tool_use", async () => {
    const body = JSON.stringify({
      id: "msg_w",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [
        { type: "thinking", thinking: "Let me think.", signature: "sig-1" },
        { type: "redacted_thinking", data: "enc-1" },
        { type: "text", text: "Calling." },
        { type: "tool_use", id: "toolu_w", name: "lookup", input: { q: "pelican" } },
        { type: "tool_use", id: "toolu_e", name: "noargs", input: {} },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 7, output_tokens: 30, cache_read_input_tokens: 5 },
    });
    const { parts, error } = await run(body, { contentType: "application/json", stream: false });
    expect(error).toBeUndefined();
    const summary = summarize(parts);
    expect(summary).toMatchObject({ text: "Calling.", reasoning: "Let me think.", finishReason: "tool_use", model: "claude-sonnet-4-5-20250929", responseId: "msg_w" });
    expect(summary.usage).toEqual({ input: 7, output: 30, details: { cache_read_input_tokens: 5 } });
    expect(summary.toolCalls).toEqual([
      { id: "toolu_w", name: "lookup", argumentsRaw: '{"q":"pelican"}', arguments: { q: "pelican" } },
      { id: "toolu_e", name: "noargs", argumentsRaw: "", arguments: {} },
    ]);
    expect(parts.filter((part: any) => part.providerMetadata)).toEqual([
      { type: "reasoning-delta", text: "", providerMetadata: { anthropic: { signature: "sig-1" } } },
      { type: "reasoning-delta", text: "", redacted: true, providerMetadata: { anthropic: { redactedData: "enc-1" } } },
    ]);
    expect(summary.raw).toEqual(JSON.parse(body));
  });

  it("a whole message that is an error body in a 200, and data that is not JSON", async () => {
    const overloaded = await run(JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }), {
      contentType: "application/json",
      stream: false,
    });
    expect(overloaded.error).toMatchObject({ reason: "error-event", type: "overloaded_error", isRetryable: true });
    const malformed = await run("event: message_start\ndata: {not json\n\n");
    expect(malformed.error).toMatchObject({ reason: "malformed" });
  });

  it("HTTP errors are ApiErrors with the provider's type and message, and the key never shows", async () => {
    const body = JSON.stringify({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key sk-ant-secret" } });
    const { error } = await run(body, { status: 401, contentType: "application/json" });
    expect(ApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, type: "authentication_error", isRetryable: false });
    expect((error as ApiError).providerMessage).toBe("invalid x-api-key [redacted]");
    expect(JSON.stringify((error as ApiError).data) + (error as Error).message).not.toContain("sk-ant-secret");
  });
});
