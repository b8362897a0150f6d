import { describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";
import { scriptedAdapter, textParts } from "./helpers/scripted-adapter.ts";

describe("registry", () => {
  it("finds models by id and alias, and the default is gpt-4o-mini", () => {
    expect(llm.getModel("gpt-4o-mini").modelId).toBe("gpt-4o-mini");
    expect(llm.getModel("4o-mini")).toBe(llm.getModel("gpt-4o-mini"));
    expect(llm.getModel().modelId).toBe("gpt-4o-mini");
    expect(llm.getModel("").modelId).toBe("gpt-4o-mini");
    expect(llm.getDefaultModel()).toBe("gpt-4o-mini");
    expect(llm.getModel("echo").modelId).toBe("echo");
  });

  it("throws UnknownModelError with the Python library's message", () => {
    expect(() => llm.getModel("gpt-9-ultra")).toThrow(llm.UnknownModelError);
    expect(() => llm.getModel("gpt-9-ultra")).toThrow(/^Unknown model: gpt-9-ultra$/);
    try {
      llm.getModel("nope");
    } catch (error) {
      expect(llm.isLlmError(error)).toBe(true);
      expect((error as llm.LlmError).code).toBe("unknown_model");
    }
  });

  it("lists every model once, OpenAI and echo included", () => {
    const ids = llm.getModels().map((model) => model.modelId);
    expect(ids).toContain("gpt-4o-mini");
    expect(ids).toContain("echo");
    expect(new Set(ids).size).toBe(ids.length);
    expect(llm.getModelAliases(llm.getModel("gpt-4o-mini"))).toContain("4o-mini");
  });

  it("registers plugin models with aliases; a later registration of the same id replaces the earlier", async () => {
    const first = scriptedAdapter({ parts: textParts("one") }, { modelId: "plugin-model", keyName: undefined, keyEnvVar: undefined });
    const second = scriptedAdapter({ parts: textParts("two") }, { modelId: "plugin-model", keyName: undefined, keyEnvVar: undefined });
    llm.registerModels((register) => register(first.adapter, { aliases: ["pm"] }));
    expect(await llm.getModel("pm").prompt("x").text()).toBe("one");
    llm.registerModels((register) => register(second.adapter, { aliases: ["pm2"] }));
    expect(await llm.getModel("plugin-model").prompt("x").text()).toBe("two");
    expect(llm.getModels().filter((model) => model.modelId === "plugin-model")).toHaveLength(1);
  });

  it("keeps model objects, so model.key sticks between lookups", () => {
    llm.getModel("echo").key = "k";
    expect(llm.getModel("echo").key).toBe("k");
    llm.getModel("echo").key = undefined;
  });

  it("sets and removes aliases, and changes the default", async () => {
    await llm.setAlias("mini", "4o-mini");
    expect(llm.getModel("mini").modelId).toBe("gpt-4o-mini");
    await llm.removeAlias("mini");
    expect(() => llm.getModel("mini")).toThrow(llm.UnknownModelError);
    await expect(llm.removeAlias("mini")).rejects.toThrow("No such alias: mini");
    await llm.setDefaultModel("echo");
    expect(llm.getModel().modelId).toBe("echo");
    await llm.setDefaultModel("gpt-4o-mini");
  });

  it("describes models as the Python library does", () => {
    expect(String(llm.getModel("gpt-4o-mini"))).toBe("OpenAI Chat: gpt-4o-mini");
    expect(llm.getModel("echo").supportsTools).toBe(true);
    expect(llm.getModel("echo").attachmentTypes.has("image/png")).toBe(true);
  });
});
