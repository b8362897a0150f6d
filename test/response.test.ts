import { beforeEach, describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";
import { scriptedAdapter, textParts } from "./helpers/scripted-adapter.ts";

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage() });
});

function modelWith(script: Parameters<typeof scriptedAdapter>[0]) {
  const { adapter, calls } = scriptedAdapter(script, { keyName: undefined, keyEnvVar: undefined });
  return { model: new llm.Model(adapter), calls };
}

describe("Response", () => {
  it("sends nothing until consumed, then exactly one request for many consumers", async () => {
    const { model, calls } = modelWith({ parts: textParts("Hel", "lo"), delayMs: 2 });
    const response = model.prompt("hi");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toHaveLength(0);
    const chunks: string[] = [];
    const iterate = (async () => {
      for await (const chunk of response) chunks.push(chunk);
    })();
    const [text, usage] = await Promise.all([response.text(), response.usage(), iterate]);
    const streamed = await new globalThis.Response(response.textStream.pipeThrough(new TextEncoderStream())).text();
    expect(text).toBe("Hello");
    expect(chunks).toEqual(["Hel", "lo"]);
    expect(streamed).toBe("Hello");
    expect(usage).toEqual({ input: undefined, output: undefined, details: undefined });
    expect(calls).toHaveLength(1);
  });

  it("replays a finished response chunk by chunk", async () => {
    const { model, calls } = modelWith({ parts: textParts("a", "b", "c") });
    const response = model.prompt("hi");
    expect(await response.text()).toBe("abc");
    const again: string[] = [];
    for await (const chunk of response) again.push(chunk);
    expect(again).toEqual(["a", "b", "c"]);
    expect(calls).toHaveLength(1);
  });

  it("yields chunks as they arrive, before the stream ends", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const adapter: llm.ModelAdapter = {
      modelId: "gated",
      execute: () =>
        new ReadableStream<llm.StreamPart>({
          async start(controller) {
            controller.enqueue({ type: "text-delta", text: "first" });
            await gate;
            controller.enqueue({ type: "text-delta", text: "second" });
            controller.close();
          },
        }),
    };
    const iterator = new llm.Model(adapter).prompt("x")[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: "first" });
    release();
    expect(await iterator.next()).toEqual({ done: false, value: "second" });
    expect((await iterator.next()).done).toBe(true);
  });

  it("collects usage, finish reason, resolved model, tool calls and the raw JSON", async () => {
    const { model } = modelWith({
      parts: [
        { type: "response-metadata", id: "r1", model: "scripted-2026" },
        ...textParts("ok"),
        { type: "tool-call", toolCallId: "call_1", name: "lookup", arguments: '{"q": "x"}' },
        { type: "tool-call", name: "noargs", arguments: "" },
        { type: "tool-call", name: "objectargs", arguments: { a: 1 } },
        { type: "tool-call", name: "broken", arguments: "{not json" },
        { type: "usage", input: 3, output: 5, details: { cached_tokens: 1 } },
        { type: "finish", reason: "tool_calls" },
        { type: "raw", value: { id: "r1" } },
      ],
    });
    const response = model.prompt("x");
    const calls = await response.toolCalls();
    expect(calls[0]).toEqual({ name: "lookup", arguments: { q: "x" }, toolCallId: "call_1" });
    expect(calls[1]).toMatchObject({ name: "noargs", arguments: {} });
    expect(calls[1]!.toolCallId).toMatch(/^tc_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(calls[2]).toMatchObject({ arguments: { a: 1 } });
    expect(calls[3]).toMatchObject({ arguments: { _raw: "{not json" } });
    expect(new Set(calls.map((call) => call.toolCallId)).size).toBe(4);
    expect(await response.usage()).toEqual({ input: 3, output: 5, details: { cached_tokens: 1 } });
    expect(await response.finishReason()).toBe("tool_calls");
    expect(await response.resolvedModel()).toBe("scripted-2026");
    expect(await response.json()).toEqual({ id: "r1" });
  });

  it("says it is not done before it is evaluated, and never shows a key", async () => {
    const { model } = modelWith({ parts: textParts("the answer") });
    const response = model.prompt("Your prompt", { key: "sk-secret-123" });
    expect(String(response)).toBe("<Response prompt='Your prompt' text='... not yet done ...'>");
    expect(response.datetimeUtc()).toBeUndefined();
    await response.text();
    expect(String(response)).toBe("the answer");
    expect(JSON.stringify(response)).not.toContain("sk-secret");
    const { inspect } = await import("node:util");
    expect(inspect(response, { showHidden: true, depth: 5 })).not.toContain("sk-secret");
    expect(Date.parse(response.datetimeUtc()!)).toBeGreaterThan(Date.now() - 60_000);
    expect(await response.durationMs()).toBeGreaterThanOrEqual(0);
  });

  it("calls onDone callbacks once, before text() resolves, and at once when already done", async () => {
    const { model } = modelWith({ parts: textParts("done"), delayMs: 1 });
    const response = model.prompt("x");
    const seen: string[] = [];
    response.onDone(async (r) => {
      seen.push(`first:${await r.text()}:${(await r.usage()).input}`);
    });
    const order: string[] = [];
    response.onDone(() => order.push("callback"));
    await response.usage();
    order.push("usage resolved");
    expect(order).toEqual(["callback", "usage resolved"]);
    expect(seen).toEqual(["first:done:undefined"]);
    const late = await new Promise<llm.Response>((resolve) => response.onDone(resolve));
    expect(late).toBe(response);
  });

  it("rejects every consumer with the stream's error and keeps the text that arrived", async () => {
    const failure = new llm.StreamError("The stream ended early", { reason: "truncated" });
    const { model } = modelWith({ parts: textParts("partial"), failWith: failure });
    const response = model.prompt("x");
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of response) chunks.push(chunk);
      })(),
    ).rejects.toBe(failure);
    expect(chunks).toEqual(["partial"]);
    await expect(response.text()).rejects.toBe(failure);
    await expect(new globalThis.Response(response.textStream.pipeThrough(new TextEncoderStream())).text()).rejects.toBe(failure);
    expect(String(response)).toContain("failed");
  });

  it("aborts through the signal, even mid-stream, with the signal's reason", async () => {
    const { model } = modelWith({ parts: textParts("a", "b", "c", "d"), delayMs: 20 });
    const controller = new AbortController();
    const response = model.prompt("x", { signal: controller.signal });
    const chunks: string[] = [];
    const consuming = (async () => {
      for await (const chunk of response) {
        chunks.push(chunk);
        if (chunks.length === 1) controller.abort();
      }
    })();
    await expect(consuming).rejects.toMatchObject({ name: "AbortError" });
    expect(chunks).toEqual(["a"]);
  });

  it("does not start when the signal is already aborted", async () => {
    const { model, calls } = modelWith({ parts: textParts("a") });
    const response = model.prompt("x", { signal: AbortSignal.abort() });
    await expect(response.text()).rejects.toMatchObject({ name: "AbortError" });
    expect(calls).toHaveLength(0);
  });

  it("a break in one loop leaves the response whole for others", async () => {
    const { model } = modelWith({ parts: textParts("a", "b", "c"), delayMs: 1 });
    const response = model.prompt("x");
    for await (const chunk of response) {
      expect(chunk).toBe("a");
      break;
    }
    expect(await response.text()).toBe("abc");
  });
});
