/**
 * Replays every recorded chat-completions response (OpenAI and
 * OpenAI-compatible servers) through the adapter, whole and split at 200
 * seeded random byte boundaries, and checks the facts the recording says a
 * correct client must extract.
 */
import { describe, expect, it } from "vitest";
import { ApiError, StreamError } from "../../../src/errors.ts";
import { createOpenAIChatModel } from "../../../src/providers/openai/index.ts";
import type { Message } from "../../../src/spec/message.ts";
import { collectParts, summarize, type Collected } from "../../helpers/collect-parts.ts";
import { fixturesRoot, loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { replayFetch, seeds, type Split } from "../../helpers/replay-fetch.ts";

const cases = [...loadFixtureCases("openai", "chat-completions"), ...loadFixtureCases("openai-compatible", "chat-completions")];
const messages: Message[] = [{ role: "user", parts: [{ type: "text", text: "hi" }] }];

async function run(kase: FixtureCase, split?: Split): Promise<Collected & { thrown?: unknown }> {
  const { fetch } = replayFetch(kase.body, { status: kase.status, contentType: kase.contentType, split });
  const adapter = createOpenAIChatModel({ modelId: kase.request?.model ?? "gpt-4o-mini" });
  try {
    const stream = await adapter.execute({
      messages,
      options: {},
      tools: [],
      stream: kase.bodyFormat !== "json",
      key: "sk-test",
      fetch,
      env: {},
    });
    return await collectParts(stream);
  } catch (thrown) {
    return { parts: [], error: undefined, thrown };
  }
}

/** Checks an outcome against the case's facts; `label` names the seed in failures. */
function check(kase: FixtureCase, outcome: Collected & { thrown?: unknown }, label: string): void {
  const facts = kase.facts;
  if (kase.status >= 400) {
    const error = outcome.thrown as ApiError;
    expect(ApiError.is(error), `${label}: ApiError`).toBe(true);
    expect(error.status, label).toBe(kase.status);
    expect(error.type, label).toBe(String(facts.error.type ?? facts.error.code));
    expect(error.providerMessage, label).toBe(facts.error.message);
    expect((error.data as { error: unknown }).error, label).toEqual(facts.error);
    expect(error.url, label).toBe("https://api.openai.com/v1/chat/completions");
    return;
  }
  expect(outcome.thrown, label).toBeUndefined();
  const summary = summarize(outcome.parts);
  if (facts.error) {
    const error = outcome.error as StreamError;
    expect(StreamError.is(error), `${label}: StreamError`).toBe(true);
    expect(error.reason, label).toBe("error-event");
    expect(error.type, label).toBe(facts.error.type ?? facts.error.code);
    expect(error.providerMessage, label).toBe(facts.error.message);
  } else {
    expect(outcome.error, label).toBeUndefined();
    expect(summary.finishReason ?? null, label).toBe(facts.finish_reason ?? null);
    expect(summary.usage?.input, label).toBe(facts.usage?.input_tokens);
    expect(summary.usage?.output, label).toBe(facts.usage?.output_tokens);
    if (facts.usage?.reasoning_tokens) {
      expect(summary.usage?.details, label).toMatchObject({ completion_tokens_details: { reasoning_tokens: facts.usage.reasoning_tokens } });
    }
    expect(summary.raw, label).toMatchObject({ id: facts.response_id, model: facts.model });
    // The last part is `raw`, after `finish`.
    expect(summary.shape.slice(-2), label).toEqual(["finish", "raw"]);
  }
  expect(summary.text, label).toBe(facts.text ?? "");
  expect(summary.reasoning, label).toBe(facts.reasoning ?? facts.thinking ?? "");
  expect(summary.model, label).toBe(facts.model);
  expect(summary.responseId, label).toBe(facts.response_id);
  const expected = (facts.tool_calls ?? []).map((call: any) => ({ id: call.id, name: call.name, arguments: call.arguments }));
  expect(
    summary.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
    label,
  ).toEqual(expected);
  for (const [index, call] of (facts.tool_calls ?? []).entries()) {
    expect(summary.toolCalls[index]?.argumentsRaw, label).toBe(call.arguments_raw);
  }
}

describe("recorded chat-completions responses", () => {
  it(`finds the fixtures in ${fixturesRoot}`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
    expect(cases.map((kase) => kase.id)).toContain("openai/chat-completions/text-stream-usage-gpt-4o-mini");
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
