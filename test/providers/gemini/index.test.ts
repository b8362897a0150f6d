import { afterEach, describe, expect, it } from "vitest";
import * as llm from "../../../src/index.ts";
import { geminiAttachmentTypes, registerGemini } from "../../../src/providers/gemini/index.ts";
import type { ModelAdapter } from "../../../src/spec/model-adapter.ts";

function registered() {
  const models = new Map<string, { adapter: ModelAdapter<any>; aliases: readonly string[] }>();
  registerGemini((adapter, options) => {
    expect(models.has(adapter.modelId), adapter.modelId).toBe(false);
    models.set(adapter.modelId, { adapter, aliases: options?.aliases ?? [] });
  });
  return models;
}

const accepts = (adapter: ModelAdapter<any>, options: object) =>
  (adapter.optionsSchema!["~standard"].validate(options) as { issues?: unknown }).issues === undefined;

afterEach(async () => {
  await llm.configure({ env: {} });
});

describe("registerGemini", () => {
  it("registers the llm-gemini plugin's models as gemini/<name>, aliased <name>", () => {
    const models = registered();
    for (const name of ["gemini-2.0-flash", "gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-flash-lite", "gemini-3-pro-preview", "gemini-flash-latest", "gemma-3-27b-it"]) {
      expect(models.get(`gemini/${name}`)?.aliases, name).toEqual([name]);
    }
    const aliases = [...models.values()].flatMap((model) => model.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
  });

  it("describes each model: key, tools, schema, attachments, thinking options by family", () => {
    const get = (name: string) => registered().get(`gemini/${name}`)!.adapter;
    for (const { adapter } of registered().values()) {
      expect(adapter).toMatchObject({ provider: "Gemini", keyName: "gemini", keyEnvVar: "GEMINI_API_KEY", canStream: true });
    }
    expect(get("gemini-2.5-flash")).toMatchObject({ supportsTools: true, supportsSchema: true });
    expect([...get("gemini-2.5-flash").attachmentTypes!]).toEqual(geminiAttachmentTypes);
    for (const type of ["image/png", "image/heic", "audio/mpeg", "video/mp4", "application/pdf", "text/plain"]) {
      expect(get("gemini-2.0-flash").attachmentTypes!.has(type), type).toBe(true);
    }
    expect(get("gemma-3-27b-it")).toMatchObject({ supportsTools: false, supportsSchema: false });
    expect(get("gemini-2.0-flash-thinking-exp-01-21").supportsSchema).toBe(false);
    expect(accepts(get("gemini-2.0-flash"), { thinking_budget: 0 })).toBe(false);
    expect(accepts(get("gemini-2.5-flash"), { thinking_budget: 0 })).toBe(true);
    expect(accepts(get("gemini-flash-latest"), { thinking_budget: -1 })).toBe(true);
    expect(accepts(get("gemini-2.5-flash"), { thinking_level: "low" })).toBe(false);
    expect(accepts(get("gemini-3-pro-preview"), { thinking_level: "low" })).toBe(true);
    expect(accepts(get("gemini-3-pro-preview"), { thinking_level: "medium" })).toBe(false);
    expect(accepts(get("gemini-3-flash-preview"), { thinking_level: "medium" })).toBe(true);
  });

  it("works through llm.registerModels and getModel by alias", () => {
    llm.registerModels(registerGemini);
    expect(llm.getModel("gemini-2.5-flash").modelId).toBe("gemini/gemini-2.5-flash");
    expect(llm.getModel("gemini/gemini-2.5-pro").modelId).toBe("gemini/gemini-2.5-pro");
    expect(String(llm.getModel("gemini-2.0-flash"))).toBe("Gemini: gemini/gemini-2.0-flash");
  });

  it("reads the key from LLM_GEMINI_KEY (the llm-gemini plugin's variable) when GEMINI_API_KEY is unset", async () => {
    const adapter = registered().get("gemini/gemini-2.5-flash")!.adapter;
    await llm.configure({ env: { LLM_GEMINI_KEY: "x" } });
    expect(adapter.keyEnvVar).toBe("LLM_GEMINI_KEY");
    await llm.configure({ env: { LLM_GEMINI_KEY: "x", GEMINI_API_KEY: "y" } });
    expect(adapter.keyEnvVar).toBe("GEMINI_API_KEY");
  });
});
