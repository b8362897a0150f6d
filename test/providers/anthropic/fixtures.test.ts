/**
 * Replays every recorded Messages API response through the adapter, whole
 * and split at 200 seeded random byte boundaries, and checks the facts the
 * recording says a correct client must extract.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/errors.ts";
import { createAnthropicModel } from "../../../src/providers/anthropic/index.ts";
import type { Message } from "../../../src/spec/message.ts";
import { collectParts, summarize, type Collected } from "../../helpers/collect-parts.ts";
import { fixturesRoot, loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { replayFetch, seeds, type Split } from "../../helpers/replay-fetch.ts";

const cases = loadFixtureCases("anthropic", "messages", "anthropic");
const messages: Message[] = [{ role: "user", parts: [{ type: "text", text: "hi" }] }];

async function run(kase: FixtureCase, split?: Split): Promise<Collected & { thrown?: unknown }> {
  const { fetch } = replayFetch(kase.body, { status: kase.status, contentType: kase.contentType, split });
  const adapter = createAnthropicModel({ modelId: `anthropic/${kase.request?.model ?? "claude-sonnet-4-5"}`, thinking: true });
  try {
    const stream = await adapter.execute({
      messages,
      options: {},
      tools: [],
      stream: kase.bodyFormat !== "json",
      key: "sk-ant-test",
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
    expect(error.type, label).toBe(facts.error.type);
    expect(error.providerMessage, label).toBe(facts.error.message);
    expect((error.data as { error: unknown }).error, label).toEqual(facts.error);
    expect(error.url, label).toBe("https://api.anthropic.com/v1/messages");
    return;
  }
  expect(outcome.thrown, label).toBeUndefined();
  expect(outcome.error, label).toBeUndefined();
  const summary = summarize(outcome.parts);
  expect(summary.text, label).toBe(facts.text ?? "");
  expect(summary.reasoning, label).toBe(facts.thinking ?? "");
  expect(summary.finishReason, label).toBe(facts.finish_reason);
  expect(summary.usage?.input, label).toBe(facts.usage.input_tokens);
  expect(summary.usage?.output, label).toBe(facts.usage.output_tokens);
  const cacheDetails = Object.fromEntries(
    ["cache_creation_input_tokens", "cache_read_input_tokens"].filter((name) => facts.usage[name]).map((name) => [name, facts.usage[name]]),
  );
  expect(summary.usage?.details ?? {}, label).toEqual(cacheDetails);
  expect(summary.model, label).toBe(facts.model);
  expect(summary.responseId, label).toBe(facts.response_id);
  expect(summary.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })), label).toEqual(
    facts.tool_calls.map((call: any) => ({ id: call.id, name: call.name, arguments: call.arguments })),
  );
  for (const [index, call] of facts.tool_calls.entries()) expect(summary.toolCalls[index]?.argumentsRaw, label).toBe(call.arguments_raw);
  // `raw` is the message re-assembled: id, model, stop reason and content blocks.
  const raw = summary.raw as any;
  expect(raw, label).toMatchObject({ id: facts.response_id, model: facts.model, stop_reason: facts.finish_reason, stop_sequence: facts.stop_sequence });
  expect(raw.content.map((block: any) => block.type), label).toEqual(kase.expect.observed.block_types);
  expect(raw.usage, label).toMatchObject(facts.usage);
  expect(summary.shape.slice(-3), label).toEqual(["usage", "finish", "raw"]);
  // Each thinking block's signature and each redacted block's data come out once, at the block's end.
  const metadata = outcome.parts.filter((part: any) => part.type === "reasoning-delta" && part.providerMetadata) as any[];
  const expected = raw.content.filter((block: any) => block.type === "redacted_thinking" || block.type === "thinking");
  expect(metadata.map((part) => part.providerMetadata.anthropic), label).toEqual(
    expected.map((block: any) => (block.type === "thinking" ? { signature: block.signature } : { redactedData: block.data })),
  );
  expect(metadata.filter((part) => part.redacted).length, label).toBe(kase.expect.observed.redacted_thinking_blocks);
  expect(expected.filter((block: any) => block.signature).length, label).toBe(kase.expect.observed.signature_deltas);
}

describe("recorded Messages API responses", () => {
  it(`finds the fixtures in ${fixturesRoot}`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(cases.map((kase) => kase.name)).toContain("tool-use-no-args-stream");
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
