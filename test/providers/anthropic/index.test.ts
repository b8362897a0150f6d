import { describe, expect, it } from "vitest";
import { Model } from "../../../src/model.ts";
import { registerAnthropic } from "../../../src/providers/anthropic/index.ts";
import type { ModelAdapter } from "../../../src/spec/model-adapter.ts";

function registered() {
  const models = new Map<string, { adapter: ModelAdapter<any>; aliases: readonly string[] }>();
  registerAnthropic((adapter, options) => {
    expect(models.has(adapter.modelId), adapter.modelId).toBe(false);
    models.set(adapter.modelId, { adapter, aliases: options?.aliases ?? [] });
  });
  return models;
}

const optionNames = (adapter: ModelAdapter<any>) => (adapter.optionsSchema as unknown as { optionNames: string[] }).optionNames;

describe("registerAnthropic", () => {
  it("registers the llm-anthropic plugin's models with their aliases", () => {
    const models = registered();
    const aliases = Object.fromEntries([...models].map(([id, { aliases }]) => [id, aliases]));
    expect(aliases).toMatchObject({
      "anthropic/claude-3-opus-latest": ["claude-3-opus"],
      "anthropic/claude-3-haiku-20240307": ["claude-3-haiku"],
      "anthropic/claude-3-5-sonnet-latest": ["claude-3.5-sonnet", "claude-3.5-sonnet-latest"],
      "anthropic/claude-3-5-haiku-latest": ["claude-3.5-haiku"],
      "anthropic/claude-3-7-sonnet-latest": ["claude-3.7-sonnet", "claude-3.7-sonnet-latest"],
      "anthropic/claude-opus-4-0": ["claude-4-opus"],
      "anthropic/claude-sonnet-4-0": ["claude-4-sonnet"],
      "anthropic/claude-opus-4-1-20250805": ["claude-opus-4.1"],
      "anthropic/claude-sonnet-4-5": ["claude-sonnet-4.5"],
      "anthropic/claude-haiku-4-5-20251001": ["claude-haiku-4.5"],
      "anthropic/claude-opus-4-5-20251101": ["claude-opus-4.5"],
      "anthropic/claude-opus-4-6": ["claude-opus-4.6"],
      "anthropic/claude-sonnet-4-6": ["claude-sonnet-4.6"],
    });
    expect(models.size).toBe(22);
    const allAliases = [...models.values()].flatMap((model) => model.aliases);
    expect(new Set(allAliases).size).toBe(allAliases.length);
  });

  it("every model: key anthropic / ANTHROPIC_API_KEY, streams, tools, schemas, images; PDFs from 3.5 Sonnet on", () => {
    for (const { adapter } of registered().values()) {
      expect(adapter).toMatchObject({ provider: "Anthropic Messages", keyName: "anthropic", keyEnvVar: "ANTHROPIC_API_KEY", canStream: true, supportsTools: true, supportsSchema: true });
      for (const type of ["image/png", "image/jpeg", "image/webp", "image/gif"]) expect(adapter.attachmentTypes!.has(type), adapter.modelId).toBe(true);
    }
    const models = registered();
    expect(models.get("anthropic/claude-sonnet-4-5")!.adapter.attachmentTypes!.has("application/pdf")).toBe(true);
    expect(models.get("anthropic/claude-3-haiku-20240307")!.adapter.attachmentTypes!.has("application/pdf")).toBe(false);
    expect(String(new Model(models.get("anthropic/claude-sonnet-4-5")!.adapter))).toBe("Anthropic Messages: anthropic/claude-sonnet-4-5");
  });

  it("thinking options only where the plugin offers them; thinking_effort on Opus 4.5 and the adaptive models", () => {
    const models = registered();
    expect(optionNames(models.get("anthropic/claude-3-5-sonnet-latest")!.adapter)).not.toContain("thinking");
    expect(optionNames(models.get("anthropic/claude-sonnet-4-5")!.adapter)).toEqual(
      expect.arrayContaining(["max_tokens", "temperature", "top_p", "top_k", "user_id", "stop_sequences", "cache", "thinking", "thinking_budget"]),
    );
    expect(optionNames(models.get("anthropic/claude-sonnet-4-5")!.adapter)).not.toContain("thinking_effort");
    expect(optionNames(models.get("anthropic/claude-opus-4-5-20251101")!.adapter)).toContain("thinking_effort");
    expect(optionNames(models.get("anthropic/claude-opus-4-6")!.adapter)).toContain("thinking_effort");
  });
});
