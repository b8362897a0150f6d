/**
 * Stream quirks beyond the recordings: truncation (no finish reason), errors
 * inside a 200 stream, blocked prompts, thoughts, signatures, an unterminated
 * last event, usage taken from the last chunk, the JSON-array body.
 */
import { describe, expect, it } from "vitest";
import { StreamError } from "../../../src/errors.ts";
import { createGeminiModel } from "../../../src/providers/gemini/index.ts";
import type { StreamPart } from "../../../src/spec/stream-part.ts";
import { collectParts, summarize } from "../../helpers/collect-parts.ts";
import { replayFetch, seeds } from "../../helpers/replay-fetch.ts";

const sse = (...chunks: object[]) => chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join("");
const text = (value: string, extra: object = {}) => ({ candidates: [{ content: { role: "model", parts: [{ text: value }] }, ...extra }] });

async function run(body: string, options: { contentType?: string; seed?: number; stream?: boolean } = {}) {
  const { fetch } = replayFetch(body, { contentType: options.contentType, split: options.seed === undefined ? undefined : { seed: options.seed } });
  const adapter = createGeminiModel({ modelId: "gemini/gemini-2.5-flash" });
  return collectParts(adapter.execute({ messages: [], options: {}, tools: [], stream: options.stream ?? true, key: "k", fetch, env: {} }));
}

describe("Gemini stream mapping", () => {
  it("a body that ends without a finish reason is a truncated StreamError, after the text that came", async () => {
    for (const seed of [undefined, ...seeds(30)]) {
      const { parts, error } = await run(sse(text("Hello"), text(" world")), { seed });
      expect(StreamError.is(error)).toBe(true);
      expect(error).toMatchObject({ reason: "truncated", isRetryable: true });
      expect(summarize(parts).text).toBe("Hello world");
    }
  });

  it("an error payload inside a 200 stream is a StreamError with Gemini's status", async () => {
    const body = sse(text("Hel"), { error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } });
    const { parts, error } = await run(body);
    expect(summarize(parts).text).toBe("Hel");
    expect(error).toMatchObject({ reason: "error-event", type: "UNAVAILABLE", providerMessage: "The model is overloaded.", isRetryable: true });
    const bad = await run(sse({ error: { code: 400, message: "Bad.", status: "INVALID_ARGUMENT" } }));
    expect(bad.error).toMatchObject({ reason: "error-event", type: "INVALID_ARGUMENT", isRetryable: false });
  });

  it("data that is not JSON is a malformed StreamError", async () => {
    const { error } = await run("data: {not json\r\n\r\n");
    expect(error).toMatchObject({ reason: "malformed" });
  });

  it("a blocked prompt ends the response with the block reason as finish reason", async () => {
    const body = sse({ promptFeedback: { blockReason: "PROHIBITED_CONTENT" }, usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 }, modelVersion: "gemini-2.5-flash" });
    const { parts, error } = await run(body);
    expect(error).toBeUndefined();
    expect(summarize(parts)).toMatchObject({ text: "", finishReason: "PROHIBITED_CONTENT", usage: { input: 7, output: undefined } });
  });

  it("thoughts are reasoning; usage is the last chunk's, thoughts counted as output and kept in details", async () => {
    const body = sse(
      { candidates: [{ content: { role: "model", parts: [{ text: "Hmm, ", thought: true }] } }], usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 } },
      { candidates: [{ content: { role: "model", parts: [{ text: "four.", thought: true }] } }], usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 } },
      {
        candidates: [{ content: { role: "model", parts: [{ text: "4", thoughtSignature: "sig-text" }] }, finishReason: "STOP" }],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1, thoughtsTokenCount: 20, totalTokenCount: 31, cachedContentTokenCount: 0 },
        modelVersion: "gemini-2.5-flash",
        responseId: "r1",
      },
    );
    for (const seed of [undefined, ...seeds(30)]) {
      const { parts, error } = await run(body, { seed });
      expect(error).toBeUndefined();
      const summary = summarize(parts);
      expect(summary).toMatchObject({ text: "4", reasoning: "Hmm, four.", finishReason: "STOP", model: "gemini-2.5-flash", responseId: "r1" });
      expect(summary.usage).toEqual({ input: 10, output: 21, details: { candidatesTokenCount: 1, thoughtsTokenCount: 20 } });
      expect(summary.raw).toEqual({
        candidates: [
          {
            finishReason: "STOP",
            content: { role: "model", parts: [{ thought: true, text: "Hmm, four." }, { text: "4", thoughtSignature: "sig-text" }] },
          },
        ],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1, thoughtsTokenCount: 20, totalTokenCount: 31, cachedContentTokenCount: 0 },
        modelVersion: "gemini-2.5-flash",
        responseId: "r1",
      });
    }
  });

  it("parallel function calls: each is a tool-call with its args object; only the signed one carries metadata", async () => {
    const body = sse({
      candidates: [
        {
          content: {
            role: "model",
            parts: [
              { functionCall: { name: "a", args: { x: 1 } }, thoughtSignature: "sig-a" },
              { functionCall: { name: "b" } },
            ],
          },
          finishReason: "STOP",
        },
      ],
    });
    const { parts, error } = await run(body);
    expect(error).toBeUndefined();
    const calls = parts.filter((part): part is Extract<StreamPart, { type: "tool-call" }> => part.type === "tool-call");
    expect(calls).toEqual([
      { type: "tool-call", name: "a", arguments: { x: 1 }, providerMetadata: { gemini: { thoughtSignature: "sig-a" } } },
      { type: "tool-call", name: "b", arguments: {} },
    ]);
  });

  it("accepts a last event without its blank line when its JSON is whole, and refuses a cut one", async () => {
    const whole = sse(text("Hi")) + `data: ${JSON.stringify(text("!", { finishReason: "STOP" }))}`;
    const ok = await run(whole);
    expect(ok.error).toBeUndefined();
    expect(summarize(ok.parts)).toMatchObject({ text: "Hi!", finishReason: "STOP" });
    const cut = await run(sse(text("Hi")) + `data: {"candidates": [{"content": {"parts": [{"text": "!"}]}, "finishRea`);
    expect(cut.error).toMatchObject({ reason: "truncated" });
  });

  it("a JSON-array body (streamGenerateContent without alt=sse) is read whole; a cut one fails", async () => {
    const chunks = [text("Hello"), text(" there", { finishReason: "STOP" })];
    const { parts, error } = await run(JSON.stringify(chunks), { contentType: "application/json; charset=UTF-8" });
    expect(error).toBeUndefined();
    expect(summarize(parts)).toMatchObject({ text: "Hello there", finishReason: "STOP" });
    const cut = await run(JSON.stringify(chunks).slice(0, -10), { contentType: "application/json" });
    expect(cut.error).toMatchObject({ reason: "malformed" });
  });

  it("empty text parts produce no text-delta", async () => {
    const { parts } = await run(sse(text(""), text("x", { finishReason: "STOP" })));
    expect(parts.filter((part) => part.type === "text-delta")).toEqual([{ type: "text-delta", text: "x" }]);
  });
});
