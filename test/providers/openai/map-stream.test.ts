/**
 * Stream mapping: the real-stream quirks, the parts emitted and their order,
 * usage details and the re-assembled raw response; and malformed, truncated,
 * erroring and aborted streams.
 */
import { configure } from "../../../src/configure.ts";
import { Model } from "../../../src/model.ts";
import { describe, expect, it } from "vitest";
import { ApiError, NetworkError, StreamError } from "../../../src/errors.ts";
import { createOpenAIChatModel } from "../../../src/providers/openai/index.ts";
import type { StreamPart } from "../../../src/spec/stream-part.ts";
import { collectParts, summarize } from "../../helpers/collect-parts.ts";
import { replayFetch, seeds, toBytes, type ReplayOptions } from "../../helpers/replay-fetch.ts";

const head = { id: "chatcmpl-9", object: "chat.completion.chunk", created: 1700000000, model: "gpt-4o-mini-2024-07-18" };
const chunk = (delta: object, extra: object = {}) => ({ ...head, choices: [{ index: 0, delta, finish_reason: null }], ...extra });
const finish = (reason: string) => ({ ...head, choices: [{ index: 0, delta: {}, finish_reason: reason }] });
const usage = (value: object) => ({ ...head, choices: [], usage: value });
const sse = (...events: Array<object | string>) =>
  events.map((event) => `data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`).join("") + "data: [DONE]\n\n";

async function run(body: string | Uint8Array, options: ReplayOptions & { stream?: boolean; signal?: AbortSignal } = {}) {
  const replay = replayFetch(body, options);
  const adapter = createOpenAIChatModel({ modelId: "gpt-4o-mini" });
  const execute = adapter.execute({
    messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
    options: {},
    tools: [],
    stream: options.stream ?? true,
    key: "sk-test",
    fetch: replay.fetch,
    env: {},
    signal: options.signal,
  });
  const collected = await collectParts(execute).catch((thrown: unknown) => ({ parts: [] as StreamPart[], error: thrown }));
  return { ...collected, summary: summarize(collected.parts), replay };
}

describe("OpenAI chat stream mapping", () => {
  it("emits metadata once, text per delta, then tool calls, usage, finish and raw", async () => {
    const body = sse(
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Hel" }),
      chunk({ content: null }),
      chunk({ content: "lo" }),
      finish("stop"),
      usage({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 }),
    );
    const { parts, error } = await run(body);
    expect(error).toBeUndefined();
    expect(parts).toEqual([
      { type: "response-metadata", id: "chatcmpl-9", model: "gpt-4o-mini-2024-07-18" },
      { type: "text-delta", text: "Hel" },
      { type: "text-delta", text: "lo" },
      { type: "usage", input: 5, output: 2, details: undefined },
      { type: "finish", reason: "stop" },
      {
        type: "raw",
        value: { ...head, content: "Hello", finish_reason: "stop", usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } },
      },
    ]);
  });

  it("usage details: everything but the token totals, without zeros, false, nulls and empty objects", async () => {
    const { summary } = await run(
      sse(
        chunk({ content: "x" }),
        finish("stop"),
        usage({
          prompt_tokens: 57,
          completion_tokens: 17,
          total_tokens: 74,
          cost: 0.00007159,
          is_byok: false,
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 150, audio_tokens: 0 },
          cost_details: { upstream_inference_cost: null },
        }),
      ),
    );
    expect(summary.usage).toEqual({ input: 57, output: 17, details: { cost: 0.00007159, completion_tokens_details: { reasoning_tokens: 150 } } });
  });

  it("assembles tool calls by index; ids and names from the first fragment that has them; null arguments count as empty", async () => {
    const body = sse(
      chunk({ role: "assistant", content: null }),
      chunk({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "multiply", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }),
      chunk({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "llm_version", arguments: null } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "1}" } }] }),
      // A server that repeats the name and id in every fragment (OpenRouter / Kimi).
      chunk({ role: "assistant", tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "llm_version", arguments: "{}" } }] }),
      finish("tool_calls"),
    );
    const { parts, summary } = await run(body);
    expect(summary.toolCalls).toEqual([
      { id: "call_a", name: "multiply", argumentsRaw: '{"a":1}', arguments: { a: 1 } },
      { id: "call_b", name: "llm_version", argumentsRaw: "{}", arguments: {} },
    ]);
    expect(parts.filter((part) => part.type === "tool-call-delta")).toEqual([
      { type: "tool-call-delta", index: 0, toolCallId: "call_a", name: "multiply", argumentsDelta: "" },
      { type: "tool-call-delta", index: 0, toolCallId: undefined, name: undefined, argumentsDelta: '{"a":' },
      { type: "tool-call-delta", index: 1, toolCallId: "call_b", name: "llm_version", argumentsDelta: "" },
      { type: "tool-call-delta", index: 0, toolCallId: undefined, name: undefined, argumentsDelta: "1}" },
      { type: "tool-call-delta", index: 1, toolCallId: undefined, name: undefined, argumentsDelta: "{}" },
    ]);
    expect(summary.shape).toEqual(["response-metadata", "tool-call-delta", "tool-call", "finish", "raw"]);
    expect((summary.raw as { tool_calls: unknown }).tool_calls).toEqual([
      { id: "call_a", type: "function", function: { name: "multiply", arguments: '{"a":1}' } },
      { id: "call_b", type: "function", function: { name: "llm_version", arguments: "{}" } },
    ]);
  });

  it("a tool call with no arguments at all keeps the empty string (Response reads it as {})", async () => {
    const { parts } = await run(sse(chunk({ tool_calls: [{ index: 0, id: "c", function: { name: "now" } }] }), finish("tool_calls")));
    expect(parts.find((part) => part.type === "tool-call")).toEqual({ type: "tool-call", toolCallId: "c", name: "now", arguments: "" });
  });

  it("reasoning from reasoning_content, reasoning, or thinking items of an array content", async () => {
    const { summary } = await run(
      sse(
        chunk({ reasoning_content: "R1 " }),
        chunk({ reasoning: "R2 " }),
        chunk({ content: [{ type: "thinking", thinking: [{ type: "text", text: "R3" }] }] }),
        chunk({ content: [{ type: "text", text: "T1 " }] }),
        chunk({ content: "T2" }),
        finish("stop"),
      ),
    );
    expect(summary.reasoning).toBe("R1 R2 R3");
    expect(summary.text).toBe("T1 T2");
    expect((summary.raw as { content: string }).content).toBe("T1 T2");
  });

  it("comment lines, CRLF framing and a last [DONE] without its blank line are fine, split anywhere", async () => {
    const body = `: OPENROUTER PROCESSING\r\n\r\ndata: ${JSON.stringify(chunk({ content: "é🦩" }))}\r\n\r\n: ping\r\n\r\ndata: ${JSON.stringify(finish("stop"))}\r\n\r\ndata: [DONE]`;
    for (const seed of seeds(50)) {
      const { summary, error } = await run(body, { split: { seed } });
      expect(error, `seed ${seed}`).toBeUndefined();
      expect(summary.text, `seed ${seed}`).toBe("é🦩");
      expect(summary.finishReason, `seed ${seed}`).toBe("stop");
    }
  });

  it("no finish_reason: finish has none, and the stream still ends normally", async () => {
    const { summary, error } = await run(sse(chunk({ content: "x" })));
    expect(error).toBeUndefined();
    expect(summary.finishReason).toBeUndefined();
    expect(summary.shape.slice(-2)).toEqual(["finish", "raw"]);
  });
});

describe("OpenAI chat streams that go wrong", () => {
  const expectStreamError = (error: unknown, reason: StreamError["reason"]) => {
    expect(StreamError.is(error), String(error)).toBe(true);
    expect((error as StreamError).reason).toBe(reason);
  };

  it("invalid JSON in a data line: malformed, after the parts before it", async () => {
    const { error, summary } = await run(sse(chunk({ content: "ok" }), "{not json"));
    expectStreamError(error, "malformed");
    expect(summary.text).toBe("ok");
    expect((error as StreamError).data).toBe("{not json");
    expectStreamError((await run(sse("[1,2]"))).error, "malformed");
  });

  it("a body ending mid-event: truncated, never short text closed silently", async () => {
    const full = sse(chunk({ content: "Hello" }), chunk({ content: " world" }), finish("stop"));
    for (const cut of [full.indexOf(" world") + 2, full.length - "[DONE]\n\n".length + 2, full.length - 1 - "data: [DONE]\n\n".length]) {
      const { error } = await run(full.slice(0, cut));
      expectStreamError(error, "truncated");
      expect((error as StreamError).isRetryable).toBe(true);
    }
  });

  it("a body ending without [DONE]: truncated, split anywhere", async () => {
    const body = `data: ${JSON.stringify(chunk({ content: "Hello" }))}\n\ndata: ${JSON.stringify(finish("stop"))}\n\n`;
    for (const seed of seeds(20)) {
      const { error, summary } = await run(body, { split: { seed } });
      expectStreamError(error, "truncated");
      expect(summary.text).toBe("Hello");
    }
  });

  it("an empty body: truncated", async () => {
    expectStreamError((await run("")).error, "truncated");
  });

  it("an error payload: error-event with the provider's type and message", async () => {
    const payload = { error: { message: "The server had an error while processing your request.", type: "server_error", code: null } };
    const { error } = await run(sse(chunk({ content: "partial" }), payload));
    expectStreamError(error, "error-event");
    expect(error).toMatchObject({ type: "server_error", providerMessage: payload.error.message, isRetryable: true, data: payload });
  });

  it("an `event: error` with text that is not JSON: error-event with that text", async () => {
    const body = `data: ${JSON.stringify(chunk({ content: "a" }))}\n\nevent: error\ndata: upstream overloaded\n\n`;
    const { error } = await run(body);
    expectStreamError(error, "error-event");
    expect((error as StreamError).providerMessage).toBe("upstream overloaded");
  });

  it("a connection reset mid-body: truncated, with the cause", async () => {
    const reset = new TypeError("terminated");
    const { error } = await run(`data: ${JSON.stringify(chunk({ content: "a" }))}\n\n`, { failWith: reset });
    expectStreamError(error, "truncated");
    expect((error as Error).cause).toBe(reset);
  });

  it("abort via the signal mid-stream: the abort reason propagates and the body is cancelled", async () => {
    const controller = new AbortController();
    const replay = replayFetch(sse(chunk({ content: "a" }), chunk({ content: "b" })), {
      chunks: [toBytes(`data: ${JSON.stringify(chunk({ content: "a" }))}\n\n`)],
      stallAfter: 1,
      ignoreSignal: true,
    });
    const adapter = createOpenAIChatModel({ modelId: "gpt-4o-mini" });
    const stream = await adapter.execute({
      messages: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
      options: {},
      tools: [],
      stream: true,
      key: "k",
      fetch: replay.fetch,
      env: {},
      signal: controller.signal,
    });
    const reader = stream.getReader();
    expect((await reader.read()).value).toMatchObject({ type: "response-metadata" });
    expect((await reader.read()).value).toEqual({ type: "text-delta", text: "a" });
    const pending = reader.read();
    const reason = new DOMException("The user stopped it", "AbortError");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("abort while a whole JSON answer is being read, with a fetch that ignores the signal: the abort reason", async () => {
    // The adapter leaves aborting to the fetch; `Response` cancels the part stream whatever the fetch does.
    const controller = new AbortController();
    const replay = replayFetch("", { chunks: [toBytes('{"id": "x", ')], stallAfter: 1, contentType: "application/json", ignoreSignal: true });
    const model = new Model(createOpenAIChatModel({ modelId: "gpt-4o-mini" }));
    await configure({ fetch: replay.fetch, env: {} });
    const pending = model.prompt("hi", { key: "sk-test", stream: false, signal: controller.signal }).text();
    const reason = new Error("stop reading");
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
    await configure({ fetch: undefined });
  });

  it("a signal aborted before the request: the reason, and no request body read", async () => {
    const reason = new Error("never mind");
    const { error } = await run(sse(chunk({ content: "a" })), { signal: AbortSignal.abort(reason) });
    expect(error).toBe(reason);
  });

  it("HTTP 429 with retry-after: ApiError with retryAfter in ms", async () => {
    const body = JSON.stringify({ error: { message: "Rate limit reached for gpt-4o-mini", type: "requests", code: "rate_limit_exceeded" } });
    const { error } = await run(body, { status: 429, contentType: "application/json", headers: { "retry-after": "20" } });
    expect(ApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, type: "requests", retryAfter: 20_000, isRetryable: true });
    expect((error as ApiError).message).not.toContain("sk-test");
  });

  it("fetch throwing: NetworkError", async () => {
    const adapter = createOpenAIChatModel({ modelId: "gpt-4o-mini" });
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const call = { messages: [], options: {}, tools: [], stream: true, key: "k", fetch, env: {} };
    await expect(adapter.execute(call)).rejects.toSatisfy((error: unknown) => NetworkError.is(error));
  });

  it("stream: false with a truncated or invalid JSON body: malformed", async () => {
    const body = JSON.stringify({ ...head, object: "chat.completion", choices: [{ index: 0, message: { content: "hi" }, finish_reason: "stop" }] });
    const ok = await run(body, { stream: false, contentType: "application/json" });
    expect(ok.error).toBeUndefined();
    expect(ok.summary.text).toBe("hi");
    for (const bad of [body.slice(0, body.length - 5), "", "<html>"]) {
      expectStreamError((await run(bad, { stream: false, contentType: "application/json" })).error, "malformed");
    }
    expectStreamError((await run("{}", { stream: false, contentType: "application/json" })).error, "malformed");
  });

  it("a 200 JSON error body: error-event", async () => {
    const body = JSON.stringify({ error: { message: "Upstream failed", code: 502 } });
    const { error } = await run(body, { stream: false, contentType: "application/json" });
    expectStreamError(error, "error-event");
    expect(error).toMatchObject({ providerMessage: "Upstream failed", type: "502" });
  });

  it("a server that ignores stream: true and answers with JSON is still understood", async () => {
    const body = JSON.stringify({ ...head, object: "chat.completion", choices: [{ index: 0, message: { content: "whole" }, finish_reason: "stop" }] });
    const { summary, error } = await run(body, { contentType: "application/json; charset=utf-8" });
    expect(error).toBeUndefined();
    expect(summary.text).toBe("whole");
  });
});
