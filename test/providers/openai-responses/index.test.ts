/**
 * The plugin: which models it registers, that they replace the chat versions
 * registered by default, and what each model says about itself.
 */
import { describe, expect, it } from "vitest";
import { configure } from "../../../src/configure.ts";
import * as llm from "../../../src/index.ts";
import { Model } from "../../../src/model.ts";
import { registerOpenAI } from "../../../src/providers/openai/index.ts";
import { registerOpenAIResponses, responsesAttachmentTypes } from "../../../src/providers/openai-responses/index.ts";
import type { ModelAdapter } from "../../../src/spec/model-adapter.ts";
import { replayFetch } from "../../helpers/replay-fetch.ts";

function registered(plugin: (register: llm.Register) => void) {
  const models = new Map<string, { adapter: ModelAdapter<any>; aliases: readonly string[] }>();
  plugin((adapter, options) => {
    expect(models.has(adapter.modelId), adapter.modelId).toBe(false);
    models.set(adapter.modelId, { adapter, aliases: options?.aliases ?? [] });
  });
  return models;
}

describe("registerOpenAIResponses", () => {
  const models = registered(registerOpenAIResponses);

  it("registers gpt-5*, o1, o3*, o4-mini under the chat plugin's ids, and only those", () => {
    const chat = registered(registerOpenAI);
    const ids = [...models.keys()];
    expect(ids).toEqual([...chat.keys()].filter((id) => /^(gpt-5|o1$|o1-2024|o3|o4-mini)/.test(id)));
    expect(ids).toContain("gpt-5.5");
    expect(ids).toContain("o3-mini");
    expect(ids).not.toContain("o1-mini");
    expect(ids).not.toContain("gpt-4o-mini");
    // The chat versions have no aliases, so nothing is lost by replacing them.
    for (const id of ids) expect(chat.get(id)!.aliases, id).toEqual([]);
    for (const { aliases } of models.values()) expect(aliases).toEqual([]);
  });

  it("every model: key openai / OPENAI_API_KEY, tools, schemas; images and PDFs except o3-mini; o1 does not stream", () => {
    for (const { adapter } of models.values()) {
      expect(adapter).toMatchObject({ provider: "OpenAI Responses", keyName: "openai", keyEnvVar: "OPENAI_API_KEY", supportsTools: true, supportsSchema: true });
      expect(adapter.canStream, adapter.modelId).toBe(!adapter.modelId.startsWith("o1"));
      expect([...adapter.attachmentTypes!], adapter.modelId).toEqual(adapter.modelId === "o3-mini" ? [] : responsesAttachmentTypes);
    }
    expect(String(new Model(models.get("gpt-5")!.adapter))).toBe("OpenAI Responses: gpt-5");
    const names = (models.get("gpt-5")!.adapter.optionsSchema as unknown as { optionNames: string[] }).optionNames;
    expect(names).toEqual([
      "temperature",
      "max_tokens",
      "top_p",
      "seed",
      "json_object",
      "image_detail",
      "reasoning_effort",
      "verbosity",
      "service_tier",
      "parallel_tool_calls",
      "chat_completions",
    ]);
  });

  it("registered with llm.registerModels, the Responses versions replace the chat ones; other models stay on chat", async () => {
    expect(String(llm.getModel("gpt-5.5"))).toBe("OpenAI Chat: gpt-5.5");
    llm.registerModels(registerOpenAIResponses);
    expect(String(llm.getModel("gpt-5.5"))).toBe("OpenAI Responses: gpt-5.5");
    expect(String(llm.getModel("4o-mini"))).toBe("OpenAI Chat: gpt-4o-mini");
    expect(llm.getModels().filter((model) => model.modelId === "gpt-5.5")).toHaveLength(1);
    const replay = replayFetch('data: {"type":"response.completed","response":{"id":"r","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"ok"}]}]}}\n\n');
    await configure({ fetch: replay.fetch, env: { OPENAI_API_KEY: "sk-test" } });
    expect(await llm.getModel("gpt-5.5").prompt("hi").text()).toBe("ok");
    expect(replay.requests[0]!.url).toBe("https://api.openai.com/v1/responses");
    await configure({ fetch: undefined, env: {} });
  });
});
