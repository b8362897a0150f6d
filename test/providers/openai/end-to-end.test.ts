/**
 * The recorded responses through the public API: `llm.getModel(...).prompt(...)`
 * with a replaying `fetch`, whole and split at a few seeded boundaries.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../../src/index.ts";
import { loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { replayFetch, seeds, toBytes, type ReplayOptions } from "../../helpers/replay-fetch.ts";

const cases = [...loadFixtureCases("openai", "chat-completions"), ...loadFixtureCases("openai-compatible", "chat-completions")];
const byName = (name: string): FixtureCase => cases.find((kase) => kase.name === name)!;

function serve(kase: FixtureCase, options: ReplayOptions = {}) {
  const replay = replayFetch(kase.body, { status: kase.status, contentType: kase.contentType, ...options });
  void llm.configure({ fetch: replay.fetch, env: {} });
  return replay;
}

beforeEach(() => {
  void llm.configure({ fetch: undefined, env: {} });
});

describe("OpenAI chat through llm.getModel().prompt()", () => {
  it("streams text, usage, finish reason and resolved model (whole and split)", async () => {
    const kase = byName("text-stream-usage-gpt-4o-mini");
    for (const split of [undefined, ...seeds(5).map((seed) => ({ seed }))]) {
      serve(kase, { split });
      const response = llm.getModel("4o-mini").prompt("What is 1231 * 2331?", { key: "sk-test" });
      const chunks: string[] = [];
      for await (const chunk of response) chunks.push(chunk);
      expect(chunks.join("")).toBe(kase.facts.text);
      expect(await response.text()).toBe(kase.facts.text);
      expect(await response.usage()).toMatchObject({ input: kase.facts.usage.input_tokens, output: kase.facts.usage.output_tokens });
      expect(await response.finishReason()).toBe("stop");
      expect(await response.resolvedModel()).toBe(kase.facts.model);
      expect(await response.json()).toMatchObject({ id: kase.facts.response_id, content: kase.facts.text, finish_reason: "stop" });
    }
  });

  it("the request carries the system prompt, the key and the validated options", async () => {
    const replay = serve(byName("text-stream-usage-gpt-4o-mini"));
    const response = llm.getModel("gpt-4o-mini").prompt("hi", {
      system: "Be brief",
      key: "sk-test",
      options: { temperature: 0.5, logit_bias: { "1712": -100 }, json_object: true },
    });
    await response.text();
    expect(replay.requests[0]!.headers.authorization).toBe("Bearer sk-test");
    expect(replay.requests[0]!.body).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Be brief" },
        { role: "user", content: "hi" },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.5,
      logit_bias: { "1712": -100 },
      response_format: { type: "json_object" },
    });
  });

  it("reads the key from OPENAI_API_KEY and the base URL from OPENAI_BASE_URL in the configured env", async () => {
    const replay = replayFetch(byName("text-stream-usage-gpt-4o-mini").body);
    await llm.configure({ fetch: replay.fetch, env: { OPENAI_API_KEY: "sk-env", OPENAI_BASE_URL: "https://gateway.test/v1" } });
    await llm.getModel("gpt-4o-mini").prompt("hi").text();
    expect(replay.requests[0]!.url).toBe("https://gateway.test/v1/chat/completions");
    expect(replay.requests[0]!.headers.authorization).toBe("Bearer sk-env");
  });

  it("tool calls: name, id and parsed arguments, streamed and not", async () => {
    for (const [name, stream] of [
      ["tool-call-stream-gpt-4o-mini", true],
      ["parallel-tool-calls-stream-gpt-4o", true],
      ["openrouter-kimi-k2-tool-call-no-finish-reason", true],
      ["tool-call-nonstream-gpt-4o-mini", false],
    ] as const) {
      const kase = byName(name);
      for (const split of [undefined, { seed: 1 }, { seed: 2 }]) {
        serve(kase, { split });
        const response = llm.getModel("gpt-4o-mini").prompt("go", { key: "sk-test", stream });
        const expected = kase.facts.tool_calls.map((call: any) => ({ name: call.name, arguments: call.arguments, toolCallId: call.id }));
        expect(await response.toolCalls(), name).toEqual(expected);
        expect((await response.finishReason()) ?? null, name).toBe(kase.facts.finish_reason);
      }
    }
  });

  it("reasoning streamed by an OpenAI-compatible server reaches response.reasoning()", async () => {
    const kase = byName("mistral-magistral-thinking-stream");
    serve(kase, { split: { seed: 3 } });
    const response = llm.getModel("gpt-4o-mini").prompt("How do I cross the street?", { key: "sk-test" });
    expect(await response.text()).toBe(kase.facts.text);
    expect(await response.reasoning()).toBe(kase.facts.reasoning);
  });

  it("HTTP errors reject with ApiError carrying the recorded status, type and message", async () => {
    for (const name of ["error-404-model-not-found", "error-400-unsupported-system-role-o1-mini", "openrouter-error-429"]) {
      const kase = byName(name);
      serve(kase, { headers: name.includes("429") ? { "retry-after": "3" } : {} });
      const error = await llm
        .getModel("gpt-4o-mini")
        .prompt("hello", { key: "sk-secret-key-value" })
        .text()
        .catch((thrown: unknown) => thrown);
      expect(llm.ApiError.is(error), name).toBe(true);
      const apiError = error as llm.ApiError;
      expect(apiError.status).toBe(kase.status);
      expect(apiError.type).toBe(String(kase.facts.error.type ?? kase.facts.error.code));
      expect(apiError.providerMessage).toBe(kase.facts.error.message);
      expect(apiError.message).not.toContain("sk-secret-key-value");
      if (name.includes("429")) expect(apiError).toMatchObject({ retryAfter: 3000, isRetryable: true });
    }
  });

  it("an error event mid-stream rejects with StreamError after the text that came before", async () => {
    const kase = byName("groq-gpt-oss-error-mid-stream");
    serve(kase, { split: { seed: 4 } });
    const response = llm.getModel("gpt-4o-mini").prompt("go", { key: "sk-test" });
    const error = await response.text().catch((thrown: unknown) => thrown);
    expect(llm.StreamError.is(error)).toBe(true);
    expect(error).toMatchObject({ reason: "error-event", type: kase.facts.error.type, providerMessage: kase.facts.error.message });
  });

  it("a truncated stream rejects with StreamError, never short text", async () => {
    const kase = byName("text-stream-usage-gpt-4o-mini");
    const replay = replayFetch(kase.body.slice(0, Math.floor(kase.body.length / 2)));
    await llm.configure({ fetch: replay.fetch, env: {} });
    const error = await llm.getModel("gpt-4o-mini").prompt("x", { key: "k" }).text().catch((thrown: unknown) => thrown);
    expect(llm.StreamError.is(error) && error.reason).toBe("truncated");
  });

  it("aborting mid-stream rejects with the signal's reason", async () => {
    const replay = replayFetch("", {
      chunks: [toBytes(`data: ${JSON.stringify({ id: "c", model: "m", choices: [{ index: 0, delta: { content: "Hi" } }] })}\n\n`)],
      stallAfter: 1,
    });
    await llm.configure({ fetch: replay.fetch, env: {} });
    const controller = new AbortController();
    const response = llm.getModel("gpt-4o-mini").prompt("x", { key: "k", signal: controller.signal });
    const iterator = response[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe("Hi");
    const reason = new Error("stop");
    const pending = iterator.next();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("rejects an invalid option at prompt() time, before any request", () => {
    const replay = replayFetch("");
    void llm.configure({ fetch: replay.fetch, env: {} });
    expect(() => llm.getModel("gpt-4o-mini").prompt("x", { options: { logit_bias: { a: 1 } } })).toThrow(
      /Invalid key-value pair in logit_bias dictionary/,
    );
    expect(replay.requests).toHaveLength(0);
  });
});
