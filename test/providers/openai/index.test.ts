import { describe, expect, it } from "vitest";
import { registerOpenAI } from "../../../src/providers/openai/index.ts";
import type { ModelAdapter } from "../../../src/spec/model-adapter.ts";

function registered() {
  const models = new Map<string, { adapter: ModelAdapter<any>; aliases: readonly string[] }>();
  registerOpenAI((adapter, options) => {
    expect(models.has(adapter.modelId), adapter.modelId).toBe(false);
    models.set(adapter.modelId, { adapter, aliases: options?.aliases ?? [] });
  });
  return models;
}

describe("registerOpenAI", () => {
  it("registers the Python library's OpenAI chat models with their aliases", () => {
    const models = registered();
    const aliases = Object.fromEntries([...models].map(([id, { aliases }]) => [id, aliases]));
    expect(aliases).toMatchObject({
      "gpt-4o": ["4o"],
      "gpt-4o-mini": ["4o-mini"],
      "chatgpt-4o-latest": ["chatgpt-4o"],
      "gpt-4.1": ["4.1"],
      "gpt-4.1-mini": ["4.1-mini"],
      "gpt-4.1-nano": ["4.1-nano"],
      "gpt-4-turbo": ["gpt-4-turbo-preview", "4-turbo", "4t"],
      "gpt-4": ["4", "gpt4"],
      "gpt-3.5-turbo": ["3.5", "chatgpt"],
      "gpt-4.5-preview": ["gpt-4.5"],
    });
    for (const id of ["o1", "o3-mini", "o3", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5.1", "gpt-5.2", "gpt-5.5"]) {
      expect(models.has(id), id).toBe(true);
    }
    const allAliases = [...models.values()].flatMap((model) => model.aliases);
    expect(new Set(allAliases).size).toBe(allAliases.length);
  });

  it("describes each model as the Python library does", () => {
    const models = registered();
    for (const { adapter } of models.values()) {
      expect(adapter.provider).toBe("OpenAI Chat");
      expect(adapter.keyName).toBe("openai");
      expect(adapter.keyEnvVar).toBe("OPENAI_API_KEY");
      expect(adapter.optionsSchema).toBeDefined();
    }
    const get = (id: string) => models.get(id)!.adapter;
    const vision = ["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf"];
    expect([...get("gpt-4o-mini").attachmentTypes!].sort()).toEqual([...vision].sort());
    expect(get("gpt-4o-mini")).toMatchObject({ supportsTools: true, supportsSchema: true, canStream: true });
    expect([...get("gpt-4o-audio-preview").attachmentTypes!].sort()).toEqual(["audio/mpeg", "audio/wav"]);
    expect(get("gpt-4").attachmentTypes!.size).toBe(0);
    expect(get("gpt-4")).toMatchObject({ supportsTools: false, supportsSchema: false });
    expect(get("o1").canStream).toBe(false);
    expect(get("o3-mini").attachmentTypes!.size).toBe(0);
    // Reasoning models take reasoning_effort; the others reject it.
    const effort = (id: string) => get(id).optionsSchema!["~standard"].validate({ reasoning_effort: "low" }) as { issues?: unknown };
    expect(effort("o4-mini").issues).toBeUndefined();
    expect(effort("gpt-5-mini").issues).toBeUndefined();
    expect(effort("gpt-4o").issues).toBeDefined();
  });

  it("is a plain function: importing the module registers nothing and sends nothing", async () => {
    const module = await import("../../../src/providers/openai/index.ts");
    expect(typeof module.registerOpenAI).toBe("function");
    expect(typeof module.createOpenAIChatModel).toBe("function");
  });
});
