/**
 * The Responses API stream mapper on hand-made event streams: reasoning
 * summaries and their metadata, incomplete and failed responses, error
 * events, truncation, whole (non-streamed) responses, and the reasoning
 * items a response keeps for the next round of a chain.
 */
import { describe, expect, it } from "vitest";
import { ApiError, StreamError } from "../../../src/errors.ts";
import * as llm from "../../../src/index.ts";
import { createOpenAIResponsesModel } from "../../../src/providers/openai-responses/index.ts";
import type { Message } from "../../../src/spec/message.ts";
import { collectParts, summarize } from "../../helpers/collect-parts.ts";
import { replayFetch, seeds, type ReplayOptions } from "../../helpers/replay-fetch.ts";

const user: Message = { role: "user", parts: [{ type: "text", text: "hi" }] };
const sse = (...events: object[]) => events.map((event) => `event: ${(event as any).type}\ndata: ${JSON.stringify(event)}\n\n`).join("");

async function run(body: string, options: ReplayOptions & { stream?: boolean; messages?: Message[] } = {}) {
  const replay = replayFetch(body, options);
  const adapter = createOpenAIResponsesModel({ modelId: "gpt-5" });
  const outcome = await collectParts(
    adapter.execute({ messages: options.messages ?? [user], options: {}, tools: [], stream: options.stream ?? true, key: "sk-test", fetch: replay.fetch, env: {} }),
  ).catch((thrown: unknown) => ({ parts: [], error: thrown }));
  return { ...outcome, summary: summarize(outcome.parts), requests: replay.requests };
}

const created = { type: "response.created", response: { id: "resp_1", model: "gpt-5-2025-08-07", status: "in_progress", output: [] } };
const reasoningItem = {
  id: "rs_1",
  type: "reasoning",
  encrypted_content: "gAAAA-enc",
  summary: [
    { type: "summary_text", text: "First part" },
    { type: "summary_text", text: "Second part" },
  ],
};
const messageItem = { id: "msg_1", type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello there", annotations: [] }] };
const callItem = { id: "fc_1", type: "function_call", call_id: "call_1", name: "lookup", arguments: '{"q":"x"}', status: "completed" };
const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 20 }, total_tokens: 40 };
const final = { id: "resp_1", object: "response", model: "gpt-5-2025-08-07", status: "completed", output: [reasoningItem, messageItem], usage };

const reasoningStream = sse(
  created,
  { type: "response.output_item.added", output_index: 0, item: { ...reasoningItem, summary: [] } },
  { type: "response.reasoning_summary_part.added", item_id: "rs_1", summary_index: 0 },
  { type: "response.reasoning_summary_text.delta", item_id: "rs_1", summary_index: 0, delta: "First " },
  { type: "response.reasoning_summary_text.delta", item_id: "rs_1", summary_index: 0, delta: "part" },
  { type: "response.reasoning_summary_text.delta", item_id: "rs_1", summary_index: 1, delta: "Second part" },
  { type: "response.output_item.done", output_index: 0, item: reasoningItem },
  { type: "response.output_item.added", output_index: 1, item: { ...messageItem, content: [] } },
  { type: "response.output_text.delta", item_id: "msg_1", output_index: 1, content_index: 0, delta: "Hello" },
  { type: "response.output_text.delta", item_id: "msg_1", output_index: 1, content_index: 0, delta: " there" },
  { type: "response.output_text.done", item_id: "msg_1", output_index: 1, content_index: 0, text: "Hello there" },
  { type: "response.output_item.done", output_index: 1, item: messageItem },
  { type: "response.completed", response: final },
);

describe("Responses API stream mapping", () => {
  it("reasoning summaries (parts separated by a blank line), the item's metadata at its end, text, usage details", async () => {
    for (const seed of [undefined, ...seeds(50)]) {
      const { error, parts, summary } = await run(reasoningStream, { split: seed === undefined ? undefined : { seed } });
      expect(error).toBeUndefined();
      expect(summary.reasoning).toBe("First part\n\nSecond part");
      expect(summary.text).toBe("Hello there");
      expect(summary.shape).toEqual(["response-metadata", "reasoning-delta", "text-delta", "usage", "finish", "raw"]);
      expect(parts.filter((part: any) => part.providerMetadata)).toEqual([
        { type: "reasoning-delta", text: "", providerMetadata: { openai: { id: "rs_1", encrypted_content: "gAAAA-enc", summary: reasoningItem.summary } } },
      ]);
      expect(summary.usage).toEqual({ input: 10, output: 30, details: { input_tokens_details: { cached_tokens: 4 }, output_tokens_details: { reasoning_tokens: 20 } } });
      expect(summary.finishReason).toBe("completed");
      expect(summary.raw).toEqual(final);
    }
  });

  it("a whole response (stream: false) gives the same parts as its stream", async () => {
    const streamed = await run(reasoningStream);
    const whole = await run(JSON.stringify(final), { stream: false, contentType: "application/json" });
    expect(whole.error).toBeUndefined();
    expect(whole.requests[0]!.body.stream).toBe(false);
    // The same facts, in fewer deltas: one per summary and per message.
    expect(whole.summary).toEqual(streamed.summary);
    expect(whole.parts.filter((part: any) => part.providerMetadata)).toEqual(streamed.parts.filter((part: any) => part.providerMetadata));
    expect(whole.parts.filter((part) => part.type === "reasoning-delta" || part.type === "text-delta")).toEqual([
      { type: "reasoning-delta", text: "First part\n\nSecond part" },
      { type: "reasoning-delta", text: "", providerMetadata: { openai: { id: "rs_1", encrypted_content: "gAAAA-enc", summary: reasoningItem.summary } } },
      { type: "text-delta", text: "Hello there" },
    ]);
  });

  it("two reasoning items: their summaries separated by a blank line too, streamed or whole", async () => {
    const second = { id: "rs_2", type: "reasoning", encrypted_content: "gAAAA-2", summary: [{ type: "summary_text", text: "Third" }] };
    const body = { ...final, output: [reasoningItem, second, messageItem] };
    const whole = await run(JSON.stringify(body), { stream: false, contentType: "application/json" });
    expect(whole.summary.reasoning).toBe("First part\n\nSecond part\n\nThird");
    const streamed = await run(
      sse(
        created,
        { type: "response.reasoning_summary_text.delta", item_id: "rs_1", summary_index: 0, delta: "First part" },
        { type: "response.output_item.done", output_index: 0, item: { ...reasoningItem, summary: [reasoningItem.summary[0]] } },
        { type: "response.reasoning_summary_text.delta", item_id: "rs_2", summary_index: 0, delta: "Third" },
        { type: "response.output_item.done", output_index: 1, item: second },
        { type: "response.completed", response: body },
      ),
    );
    expect(streamed.summary.reasoning).toBe("First part\n\nThird");
    expect(streamed.parts.filter((part: any) => part.providerMetadata).map((part: any) => part.providerMetadata.openai.id)).toEqual(["rs_1", "rs_2"]);
  });

  it("a whole response with a function call: one delta and one tool-call with the call_id", async () => {
    const body = { ...final, output: [callItem] };
    const { error, parts, summary } = await run(JSON.stringify(body), { stream: false, contentType: "application/json" });
    expect(error).toBeUndefined();
    expect(parts.filter((part) => part.type.startsWith("tool-call"))).toEqual([
      { type: "tool-call-delta", index: 0, toolCallId: "call_1", name: "lookup", argumentsDelta: '{"q":"x"}' },
      { type: "tool-call", toolCallId: "call_1", name: "lookup", arguments: '{"q":"x"}' },
    ]);
    expect(summary.toolCalls.map((call) => call.arguments)).toEqual([{ q: "x" }]);
  });

  it("a server that answers a stream request with JSON is mapped as a whole response", async () => {
    const { error, summary } = await run(JSON.stringify(final), { contentType: "application/json" });
    expect(error).toBeUndefined();
    expect(summary.text).toBe("Hello there");
  });

  it("function calls: arguments from deltas, the done event's arguments authoritative; two calls get indexes 0 and 1", async () => {
    const second = { id: "fc_2", type: "function_call", call_id: "call_2", name: "other", arguments: "", status: "in_progress" };
    const body = sse(
      created,
      { type: "response.output_item.added", output_index: 0, item: { ...callItem, arguments: "", status: "in_progress" } },
      { type: "response.output_item.added", output_index: 1, item: second },
      { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 0, delta: '{"q":' },
      { type: "response.function_call_arguments.delta", item_id: "fc_2", output_index: 1, delta: "{}" },
      { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 0, delta: '"x"}' },
      { type: "response.function_call_arguments.done", item_id: "fc_1", output_index: 0, arguments: '{"q":"x"}' },
      { type: "response.output_item.done", output_index: 0, item: callItem },
      // No `output_item.done` for the second call: it still comes out at the end.
      { type: "response.completed", response: { ...final, output: [callItem, second] } },
    );
    const { error, parts, summary } = await run(body);
    expect(error).toBeUndefined();
    expect(parts.filter((part) => part.type === "tool-call-delta")).toEqual([
      { type: "tool-call-delta", index: 0, toolCallId: "call_1", name: "lookup", argumentsDelta: "" },
      { type: "tool-call-delta", index: 1, toolCallId: "call_2", name: "other", argumentsDelta: "" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"q":' },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"x"}' },
    ]);
    expect(summary.toolCalls).toEqual([
      { id: "call_1", name: "lookup", argumentsRaw: '{"q":"x"}', arguments: { q: "x" } },
      { id: "call_2", name: "other", argumentsRaw: "{}", arguments: {} },
    ]);
  });

  it("a message item without text deltas gives its text at its end; with deltas, not twice", async () => {
    const body = sse(created, { type: "response.output_item.done", output_index: 0, item: messageItem }, { type: "response.completed", response: final });
    expect((await run(body)).summary.text).toBe("Hello there");
  });

  it("a stream of only response.completed (some compatible servers): its output items are replayed", async () => {
    const { error, summary } = await run(sse({ type: "response.completed", response: { ...final, output: [reasoningItem, messageItem, callItem] } }));
    expect(error).toBeUndefined();
    expect(summary.responseId).toBe("resp_1");
    expect(summary.reasoning).toBe("First part\n\nSecond part");
    expect(summary.text).toBe("Hello there");
    expect(summary.toolCalls.map((call) => call.id)).toEqual(["call_1"]);
  });

  it("response.incomplete: the finish reason is the incomplete reason", async () => {
    const incomplete = { ...final, status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, output: [] };
    const body = sse(created, { type: "response.output_text.delta", item_id: "m", delta: "Hel" }, { type: "response.incomplete", response: incomplete });
    const { error, summary } = await run(body);
    expect(error).toBeUndefined();
    expect(summary.text).toBe("Hel");
    expect(summary.finishReason).toBe("max_output_tokens");
    expect(summary.raw).toEqual(incomplete);
  });

  it("response.failed without an error event: a StreamError with the failure's code, retryable for server errors", async () => {
    const failed = { ...final, status: "failed", error: { code: "server_error", message: "The server had an error" }, output: [] };
    const { error, parts } = await run(sse(created, { type: "response.failed", response: failed }));
    expect(parts.map((part) => part.type)).toEqual(["response-metadata"]);
    expect(StreamError.is(error)).toBe(true);
    expect(error).toMatchObject({ reason: "error-event", type: "server_error", providerMessage: "The server had an error", isRetryable: true });
    expect((error as Error).message).toMatch(/The server had an error \(server_error\)\. Retry the request\./);
    const whole = await run(JSON.stringify(failed), { stream: false, contentType: "application/json" });
    expect(whole.error).toMatchObject({ reason: "error-event", type: "server_error" });
  });

  it("an error event as the API documents it ({type: error, code, message, param}), after some text", async () => {
    const body = sse(created, { type: "response.output_text.delta", item_id: "m", delta: "Hi" }, { type: "error", code: "rate_limit_exceeded", message: "Slow down", param: null });
    const { error, summary } = await run(body);
    expect(summary.text).toBe("Hi");
    expect(error).toMatchObject({ reason: "error-event", type: "rate_limit_exceeded", providerMessage: "Slow down", isRetryable: true });
  });

  it("a body that ends before response.completed: a retryable truncated StreamError, after the parts that came", async () => {
    const body = sse(created, { type: "response.output_text.delta", item_id: "m", delta: "Hel" });
    for (const seed of [undefined, ...seeds(20)]) {
      const { error, summary } = await run(body, { split: seed === undefined ? undefined : { seed } });
      expect(summary.text).toBe("Hel");
      expect(error).toMatchObject({ reason: "truncated", isRetryable: true });
      expect((error as Error).message).toMatch(/ended before its response\.completed event/);
    }
    const reset = await run(body, { failWith: new TypeError("socket hang up") });
    expect(reset.error).toMatchObject({ reason: "truncated", isRetryable: true });
  });

  it("a last response.completed without its blank line still ends the response; [DONE] after it is ignored", async () => {
    const body = sse(created, { type: "response.output_text.delta", item_id: "m", delta: "ok" }) + `data: ${JSON.stringify({ type: "response.completed", response: final })}`;
    const { error, summary } = await run(body);
    expect(error).toBeUndefined();
    expect(summary.finishReason).toBe("completed");
    const done = await run(sse(created, { type: "response.completed", response: final }) + "data: [DONE]\n\n");
    expect(done.error).toBeUndefined();
    const onlyDone = await run(sse(created) + "data: [DONE]\n\n");
    expect(onlyDone.error).toMatchObject({ reason: "truncated" });
  });

  it("data that is not JSON: a malformed StreamError", async () => {
    const { error } = await run(sse(created) + "data: {oops\n\n");
    expect(error).toMatchObject({ reason: "malformed" });
    const notObject = await run("data: [1,2]\n\n");
    expect(notObject.error).toMatchObject({ reason: "malformed" });
  });

  it("an HTTP error: ApiError with the provider's code and message", async () => {
    const body = JSON.stringify({ error: { message: "Unsupported parameter: 'seed'", type: "invalid_request_error", param: "seed", code: "unsupported_parameter" } });
    const { error } = await run(body, { status: 400, contentType: "application/json" });
    expect(ApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error", providerMessage: "Unsupported parameter: 'seed'", isRetryable: false });
  });

  it("the reasoning items of an answer that asked for tools go back, from the response's own messages, on the next round", async () => {
    const withCall = { ...final, output: [reasoningItem, { ...callItem, call_id: "call_remembered" }] };
    const replay = replayFetch(sse(created, { type: "response.completed", response: withCall }));
    await llm.configure({ fetch: replay.fetch, env: { OPENAI_API_KEY: "sk-test" } });
    const first = new llm.Model(createOpenAIResponsesModel({ modelId: "gpt-5" })).prompt("hi");
    const [answer] = await first.messages();
    expect(answer!.parts[0]).toEqual({
      type: "reasoning",
      text: "First part\n\nSecond part",
      providerMetadata: { openai: { id: "rs_1", encrypted_content: "gAAAA-enc", summary: reasoningItem.summary } },
    });
    await llm.configure({ fetch: undefined, env: {} });
    const next: Message[] = [
      user,
      answer!,
      { role: "tool", parts: [{ type: "tool-result", toolCallId: "call_remembered", name: "lookup", output: "found" }] },
    ];
    const { requests } = await run(sse(created, { type: "response.completed", response: final }), { messages: next });
    expect(requests[0]!.body.input).toEqual([
      { role: "user", content: "hi" },
      { type: "reasoning", id: "rs_1", encrypted_content: "gAAAA-enc", summary: reasoningItem.summary },
      { type: "function_call", call_id: "call_remembered", name: "lookup", arguments: '{"q": "x"}' },
      { type: "function_call_output", call_id: "call_remembered", output: "found" },
    ]);
  });
});
