import { beforeEach, describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";
import { scriptedAdapter, textParts } from "./helpers/scripted-adapter.ts";

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage() });
});

/** A model that needs the key named "scripted" (env SCRIPTED_API_KEY) and records the key it got. */
function keyedModel() {
  const { adapter, calls } = scriptedAdapter({ parts: textParts("ok") });
  return { model: new llm.Model(adapter), keyUsed: async () => calls.at(-1)?.key };
}

async function keyFor(model: llm.Model, key?: string) {
  await model.prompt("hi", key === undefined ? {} : { key }).text();
}

describe("key resolution, in the Python library's order", () => {
  it("1. model.key wins over everything", async () => {
    const { model, keyUsed } = keyedModel();
    await llm.setKey("scripted", "stored");
    await llm.configure({ env: { SCRIPTED_API_KEY: "from-env" } });
    model.key = "model-key";
    await keyFor(model, "explicit");
    expect(await keyUsed()).toBe("model-key");
  });

  it("2. an explicit key that names a stored key gives that stored key", async () => {
    const { model, keyUsed } = keyedModel();
    await llm.setKey("work", "stored-work-key");
    await keyFor(model, "work");
    expect(await keyUsed()).toBe("stored-work-key");
  });

  it("3. otherwise the explicit key is used as is, over stored and env keys", async () => {
    const { model, keyUsed } = keyedModel();
    await llm.setKey("scripted", "stored");
    await llm.configure({ env: { SCRIPTED_API_KEY: "from-env" } });
    await keyFor(model, "sk-literal");
    expect(await keyUsed()).toBe("sk-literal");
  });

  it("4. the stored key for the model's key name beats the environment", async () => {
    const { model, keyUsed } = keyedModel();
    await llm.setKey("scripted", "stored");
    await llm.configure({ env: { SCRIPTED_API_KEY: "from-env" } });
    await keyFor(model);
    expect(await keyUsed()).toBe("stored");
  });

  it("5. the environment variable comes last", async () => {
    const { model, keyUsed } = keyedModel();
    await llm.configure({ env: { SCRIPTED_API_KEY: "from-env" } });
    await keyFor(model);
    expect(await keyUsed()).toBe("from-env");
  });

  it("none found: NeedsKeyError naming both ways, raised when first consumed, with no request made", async () => {
    const { adapter, calls } = scriptedAdapter({ parts: textParts("ok") });
    const response = new llm.Model(adapter).prompt("hi");
    const error = await response.text().catch((e: unknown) => e);
    expect(llm.NeedsKeyError.is(error)).toBe(true);
    expect((error as Error).message).toBe(
      'No key found - add one with llm.setKey("scripted", ...), pass { key } to prompt(), or set the SCRIPTED_API_KEY environment variable',
    );
    expect(calls).toHaveLength(0);
  });

  it("a model that needs no key gets none", async () => {
    const { adapter, calls } = scriptedAdapter({ parts: textParts("ok") }, { keyName: undefined, keyEnvVar: undefined });
    await new llm.Model(adapter).prompt("hi").text();
    expect(calls[0]!.key).toBeUndefined();
  });

  it("the OpenAI model names the openai key and OPENAI_API_KEY", async () => {
    const error = await llm
      .getModel("gpt-4o-mini")
      .prompt("hi")
      .text()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(llm.NeedsKeyError);
    expect((error as Error).message).toContain('llm.setKey("openai", ...)');
    expect((error as Error).message).toContain("OPENAI_API_KEY environment variable");
  });

  it("listKeys gives names only", async () => {
    await llm.setKey("openai", "sk-1");
    await llm.setKey("anthropic", "sk-2");
    expect(await llm.listKeys()).toEqual(["anthropic", "openai"]);
    expect(await llm.getKey("openai")).toBe("sk-1");
    expect(await llm.getKey("missing")).toBeUndefined();
  });
});
