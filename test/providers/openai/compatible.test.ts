import { beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../../src/index.ts";
import { loadFixtureCases } from "../../helpers/fixtures.ts";
import { chatRequestErrors } from "../../helpers/openai-spec.ts";
import { replayFetch, seeds } from "../../helpers/replay-fetch.ts";

const cases = loadFixtureCases("openai-compatible", "chat-completions");
const kimi = cases.find((kase) => kase.name === "openrouter-kimi-k2-text-role-every-chunk")!;
const completion = JSON.stringify({
  id: "c1",
  object: "chat.completion",
  created: 1,
  model: "orca-mini-3b",
  choices: [{ index: 0, message: { role: "assistant", content: "Hi there" }, finish_reason: "stop" }],
});

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage(), fetch: undefined });
});

describe("llm.registerOpenAICompatible()", () => {
  it("with an apiBase and no key name needs no key, and sends the Python library's body", async () => {
    llm.registerOpenAICompatible([{ modelId: "orca", modelName: "orca-mini-3b", apiBase: "http://localai.localhost" }]);
    const replay = replayFetch(completion, { contentType: "application/json" });
    await llm.configure({ fetch: replay.fetch });
    expect(await llm.getModel("orca").prompt("Say hi", { stream: false }).text()).toBe("Hi there");
    const [request] = replay.requests;
    expect(request!.url).toBe("http://localai.localhost/chat/completions");
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.body).toEqual({ model: "orca-mini-3b", messages: [{ role: "user", content: "Say hi" }], stream: false });
    expect(chatRequestErrors(request!.body)).toEqual([]);
    expect(String(llm.getModel("orca"))).toBe("OpenAI Compatible: orca");
  });

  it("a key name asks for that key (stored, or its environment variable) and sends it as a bearer token", async () => {
    llm.registerOpenAICompatible([
      { modelId: "or-kimi", modelName: "moonshotai/kimi-k2", apiBase: "https://openrouter.ai/api/v1", keyName: "openrouter", aliases: ["kimi"], supportsTools: true },
    ]);
    const error = await llm.getModel("kimi").prompt("hi").text().catch((e: unknown) => e);
    expect(llm.NeedsKeyError.is(error)).toBe(true);
    expect((error as Error).message).toBe(
      'No key found - add one with llm.setKey("openrouter", ...), pass { key } to prompt(), or set the OPENROUTER_API_KEY environment variable',
    );
    for (const split of [undefined, ...seeds(20).map((seed) => ({ seed }))]) {
      const replay = replayFetch(kimi.body, { contentType: kimi.contentType, split });
      await llm.configure({ fetch: replay.fetch, env: { OPENROUTER_API_KEY: "sk-or-test" } });
      const response = llm.getModel("kimi").prompt("What version of llm is this?");
      expect(await response.text()).toBe(kimi.facts.text);
      expect(await response.resolvedModel()).toBe(kimi.facts.model);
      expect(replay.requests[0]!.headers.authorization).toBe("Bearer sk-or-test");
      expect(replay.requests[0]!.url).toBe("https://openrouter.ai/api/v1/chat/completions");
      expect(replay.requests[0]!.body.model).toBe("moonshotai/kimi-k2");
    }
    await llm.setKey("openrouter", "sk-stored");
    const replay = replayFetch(kimi.body, { contentType: kimi.contentType });
    await llm.configure({ fetch: replay.fetch, env: {} });
    await llm.getModel("or-kimi").prompt("hi").text();
    expect(replay.requests[0]!.headers.authorization).toBe("Bearer sk-stored");
  });

  it("declares what each model supports", () => {
    llm.registerOpenAICompatible([
      { modelId: "plain-model", apiBase: "http://127.0.0.1:1/v1" },
      { modelId: "seeing-model", apiBase: "http://127.0.0.1:1/v1", vision: true, audio: true, supportsSchema: true, canStream: false },
    ]);
    const plain = llm.getModel("plain-model");
    expect([plain.supportsTools, plain.supportsSchema, plain.attachmentTypes.size, plain.canStream]).toEqual([false, false, 0, true]);
    const seeing = llm.getModel("seeing-model");
    expect(seeing.attachmentTypes.has("image/png") && seeing.attachmentTypes.has("audio/wav")).toBe(true);
    expect([seeing.supportsSchema, seeing.canStream]).toEqual([true, false]);
    expect(() => plain.prompt("x", { tools: [llm.tool({ name: "t", execute: () => "" })] })).toThrow(/does not support tools/);
  });
});
