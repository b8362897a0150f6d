/**
 * Replays every recorded Gemini generate-content response (SSE streams, the
 * JSON-array stream, whole JSON bodies and errors) through the adapter,
 * whole and split at 200 seeded random byte boundaries, and checks the
 * facts the recording says a correct client must extract.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/errors.ts";
import { createGeminiModel } from "../../../src/providers/gemini/index.ts";
import type { Message } from "../../../src/spec/message.ts";
import { collectParts, summarize, type Collected } from "../../helpers/collect-parts.ts";
import { fixturesRoot, loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { replayFetch, seeds, type Split } from "../../helpers/replay-fetch.ts";

const cases = [
  ...loadFixtureCases("gemini", "stream-generate-content-sse", "gemini"),
  ...loadFixtureCases("gemini", "stream-generate-content-json", "gemini"),
  ...loadFixtureCases("gemini", "generate-content", "gemini"),
];
const messages: Message[] = [{ role: "user", parts: [{ type: "text", text: "hi" }] }];

/** The model name in the recorded URI (`.../models/<name>:method`). */
const modelNameOf = (kase: FixtureCase): string => /\/models\/([^:]+):/.exec(kase.expect.recording.uri)![1]!;

async function run(kase: FixtureCase, split?: Split): Promise<Collected & { thrown?: unknown; url: string }> {
  const replay = replayFetch(kase.body, { status: kase.status, contentType: kase.contentType, split });
  const adapter = createGeminiModel({ modelId: `gemini/${modelNameOf(kase)}` });
  try {
    const stream = await adapter.execute({
      messages,
      options: {},
      tools: [],
      // The generate-content API is the `stream: false` one.
      stream: !kase.id.includes("/generate-content/"),
      key: "gm-test-key",
      fetch: replay.fetch,
      env: {},
    });
    return { ...(await collectParts(stream)), url: replay.requests[0]!.url };
  } catch (thrown) {
    return { parts: [], error: undefined, thrown, url: replay.requests[0]!.url };
  }
}

function check(kase: FixtureCase, outcome: Collected & { thrown?: unknown; url: string }, label: string): void {
  const facts = kase.facts;
  // The recorded URI, with `?alt=sse` for both streaming APIs (the JSON-array one answered without it).
  expect(outcome.url.replace("?alt=sse", ""), label).toBe(kase.expect.recording.uri.replace("?alt=sse", ""));
  if (kase.status >= 400) {
    const error = outcome.thrown as ApiError;
    expect(ApiError.is(error), `${label}: ApiError`).toBe(true);
    expect(error.status, label).toBe(kase.status);
    expect(error.type, label).toBe(facts.error.status);
    expect(error.providerMessage, label).toBe(facts.error.message);
    expect((error.data as { error: unknown }).error, label).toEqual(facts.error);
    expect(error.isRetryable, label).toBe(false);
    expect(String(error.message), label).not.toContain("gm-test-key");
    return;
  }
  expect(outcome.thrown, label).toBeUndefined();
  expect(outcome.error, label).toBeUndefined();
  const summary = summarize(outcome.parts);
  expect(summary.text, label).toBe(facts.text ?? "");
  expect(summary.reasoning, label).toBe(facts.thinking ?? facts.reasoning ?? "");
  expect(summary.finishReason, label).toBe(facts.finish_reason);
  expect(summary.usage?.input, label).toBe(facts.usage.input_tokens);
  expect(summary.usage?.output, label).toBe(facts.usage.output_tokens);
  expect(summary.usage?.details, label).toMatchObject({
    candidatesTokenCount: facts.usage.candidates_tokens,
    ...(facts.usage.thoughts_tokens ? { thoughtsTokenCount: facts.usage.thoughts_tokens } : {}),
  });
  expect(summary.model, label).toBe(facts.model);
  expect(summary.responseId, label).toBe(facts.response_id);
  expect(summary.toolCalls.map(({ id, name, arguments: args }) => ({ id: id ?? null, name, arguments: args })), label).toEqual(facts.tool_calls);
  expect(summary.shape.slice(-3), label).toEqual(["usage", "finish", "raw"]);
  expect(summary.raw, label).toMatchObject({ modelVersion: facts.model, responseId: facts.response_id });
}

describe("recorded Gemini generate-content responses", () => {
  it(`finds the fixtures in ${fixturesRoot}`, () => {
    expect(cases.map((kase) => kase.id)).toEqual([
      "gemini/stream-generate-content-sse/function-call-stream-gemini-2.0-flash",
      "gemini/stream-generate-content-sse/function-call-thought-signature-gemini-3-pro",
      "gemini/stream-generate-content-sse/text-after-function-stream-gemini-2.0-flash",
      "gemini/stream-generate-content-sse/text-stream-gemini-2.0-flash",
      "gemini/stream-generate-content-json/function-call-stream-gemini-2.5-flash",
      "gemini/generate-content/error-404-model-not-found",
    ]);
  });

  describe.each(cases.map((kase) => [kase.id, kase] as const))("%s", (_, kase) => {
    it("whole body", async () => {
      check(kase, await run(kase), "whole body");
    });

    it("200 seeded random splits", async () => {
      for (const seed of seeds(200)) check(kase, await run(kase, { seed }), `seed ${seed}`);
    }, 60_000);
  });

  it("keeps the thought signature of a Gemini 3 function call with the call", async () => {
    const kase = cases.find((item) => item.name === "function-call-thought-signature-gemini-3-pro")!;
    const { parts } = await run(kase, { seed: 3 });
    const call = parts.find((part) => part.type === "tool-call") as { providerMetadata?: { gemini: { thoughtSignature: string } } };
    const recorded = /"thoughtSignature": "([^"]+)"/.exec(new TextDecoder().decode(kase.body))![1];
    expect(call.providerMetadata).toEqual({ gemini: { thoughtSignature: recorded } });
  });
});
