/**
 * Replays every recorded Responses API stream through the adapter, whole and
 * split at 200 seeded random byte boundaries, and checks the facts the
 * recording says a correct client must extract. The chunks-jsonl case is
 * framed as `data: <line>\n\n`.
 */
import { describe, expect, it } from "vitest";
import { StreamError } from "../../../src/errors.ts";
import { createOpenAIResponsesModel } from "../../../src/providers/openai-responses/index.ts";
import type { Message } from "../../../src/spec/message.ts";
import { collectParts, summarize, type Collected } from "../../helpers/collect-parts.ts";
import { fixturesRoot, loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { replayFetch, seeds, type Split } from "../../helpers/replay-fetch.ts";

const cases = loadFixtureCases("openai", "responses");
const messages: Message[] = [{ role: "user", parts: [{ type: "text", text: "hi" }] }];

async function run(kase: FixtureCase, split?: Split): Promise<Collected & { thrown?: unknown }> {
  const { fetch } = replayFetch(kase.body, { status: kase.status, contentType: kase.contentType, split });
  const adapter = createOpenAIResponsesModel({ modelId: kase.request?.model ?? "gpt-5" });
  try {
    const stream = await adapter.execute({ messages, options: {}, tools: [], stream: true, key: "sk-test", fetch, env: {} });
    return await collectParts(stream);
  } catch (thrown) {
    return { parts: [], error: undefined, thrown };
  }
}

/** Usage details as the Python library keeps them: everything but the counts and the total, without zeros. */
function expectedDetails(facts: any): unknown {
  const details: Record<string, unknown> = {};
  if (facts.usage.cached_tokens) details.input_tokens_details = { cached_tokens: facts.usage.cached_tokens };
  if (facts.usage.reasoning_tokens) details.output_tokens_details = { reasoning_tokens: facts.usage.reasoning_tokens };
  return Object.keys(details).length ? details : undefined;
}

/** Checks an outcome against the case's facts; `label` names the seed in failures. */
function check(kase: FixtureCase, outcome: Collected & { thrown?: unknown }, label: string): void {
  const facts = kase.facts;
  expect(outcome.thrown, label).toBeUndefined();
  const summary = summarize(outcome.parts);
  expect(summary.text, label).toBe(facts.text ?? "");
  expect(summary.reasoning, label).toBe(facts.reasoning ?? "");
  expect(summary.model, label).toBe(facts.model);
  expect(summary.responseId, label).toBe(facts.response_id);
  expect(summary.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })), label).toEqual(
    facts.tool_calls.map((call: any) => ({ id: call.id, name: call.name, arguments: call.arguments })),
  );
  for (const [index, call] of facts.tool_calls.entries()) expect(summary.toolCalls[index]?.argumentsRaw, label).toBe(call.arguments_raw);
  if (facts.error) {
    const error = outcome.error as StreamError;
    expect(StreamError.is(error), `${label}: StreamError`).toBe(true);
    expect(error.reason, label).toBe("error-event");
    expect(error.type, label).toBe(facts.error.code);
    expect(error.providerMessage, label).toBe(facts.error.message);
    expect(error.isRetryable, label).toBe(false);
    expect(error.message, label).toContain(facts.error.message);
    expect(summary.finishReason, label).toBeUndefined();
    expect(summary.usage, label).toBeUndefined();
    return;
  }
  expect(outcome.error, label).toBeUndefined();
  expect(summary.finishReason, label).toBe(facts.finish_reason);
  expect(summary.usage, label).toEqual({ input: facts.usage.input_tokens, output: facts.usage.output_tokens, details: expectedDetails(facts) });
  // `raw` is the final response object of `response.completed`.
  const raw = summary.raw as any;
  expect(raw, label).toMatchObject({ id: facts.response_id, model: facts.model, status: facts.finish_reason, object: "response" });
  expect(raw.usage, label).toMatchObject({ input_tokens: facts.usage.input_tokens, output_tokens: facts.usage.output_tokens, total_tokens: facts.usage.total_tokens });
  expect(summary.shape.slice(-3), label).toEqual(["usage", "finish", "raw"]);
  // One tool-call delta names each call (with its call_id); the argument deltas add up to the arguments.
  const deltas = outcome.parts.filter((part) => part.type === "tool-call-delta") as any[];
  for (const [index, call] of facts.tool_calls.entries()) {
    const own = deltas.filter((delta) => delta.index === index);
    expect(own[0], label).toMatchObject({ toolCallId: call.id, name: call.name });
    expect(own.map((delta) => delta.argumentsDelta).join(""), label).toBe(call.arguments_raw);
  }
  // Each reasoning item comes out once, at its end, with what it needs to be sent back. (The recorded
  // encrypted content of an item's `output_item.done` differs from the final response's: both are the server's.)
  const reasoningItems = raw.output.filter((item: any) => item.type === "reasoning");
  const metadata = outcome.parts.filter((part: any) => part.type === "reasoning-delta" && part.providerMetadata) as any[];
  expect(metadata.map((part) => part.providerMetadata.openai), label).toEqual(
    reasoningItems.map((item: any) => ({ id: item.id, encrypted_content: expect.stringMatching(/^gAAAA/), summary: item.summary })),
  );
  expect(metadata.every((part) => part.text === ""), label).toBe(true);
}

describe("recorded Responses API streams", () => {
  it(`finds the fixtures in ${fixturesRoot}`, () => {
    expect(cases.map((kase) => kase.name)).toEqual([
      "error-event-stream",
      "function-call-stream-gpt-5.5",
      "reasoning-usage-stream-gpt-5",
      "text-after-function-stream-gpt-5.5",
      "text-stream-gpt-5.5",
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
});
