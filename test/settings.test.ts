import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";
import type { Storage } from "../src/spec/storage.ts";

let storage: Storage;
beforeEach(async () => {
  storage = llm.createMemoryStorage();
  await llm.configure({ env: {}, storage });
});
afterEach(async () => {
  await llm.configure({ storage: llm.createMemoryStorage() });
});

describe("settings in storage", () => {
  it("setAlias writes through, and configure({ storage }) loads stored aliases so getModel stays synchronous", async () => {
    await llm.setAlias("mini", "4o-mini");
    expect(await storage.get("aliases/mini")).toBe("gpt-4o-mini");
    await llm.configure({ storage: llm.createMemoryStorage() });
    expect(() => llm.getModel("mini")).toThrow("Unknown model: mini");
    await llm.configure({ storage });
    expect(llm.getModel("mini").modelId).toBe("gpt-4o-mini");
    expect(llm.getModelAliases(llm.getModel("gpt-4o-mini"))).toContain("mini");
  });

  it("stores an unknown alias target as given, as the Python library does", async () => {
    await llm.setAlias("later", "a-model-from-a-plugin-not-loaded-yet");
    expect(await storage.get("aliases/later")).toBe("a-model-from-a-plugin-not-loaded-yet");
  });

  it("removeAlias deletes it, and an alias that does not exist fails with the Python library's message", async () => {
    await storage.set("aliases/stored-elsewhere", "echo");
    await llm.removeAlias("stored-elsewhere");
    expect(await storage.get("aliases/stored-elsewhere")).toBeUndefined();
    await llm.setAlias("e", "echo");
    await llm.removeAlias("e");
    expect(() => llm.getModel("e")).toThrow(llm.UnknownModelError);
    await expect(llm.removeAlias("e")).rejects.toThrow("No such alias: e");
    await expect(llm.removeAlias("e")).rejects.toSatisfy((error: unknown) => llm.UnknownModelError.is(error));
  });

  it("the default model and default embedding model are stored and loaded", async () => {
    await llm.setDefaultModel("echo");
    await llm.setDefaultEmbeddingModel("3-small");
    expect(await storage.get("settings/default-model")).toBe("echo");
    expect(await storage.get("settings/default-embedding-model")).toBe("3-small");
    await llm.configure({ storage: llm.createMemoryStorage() });
    expect(llm.getDefaultModel()).toBe("gpt-4o-mini");
    expect(llm.getDefaultEmbeddingModel()).toBeUndefined();
    await llm.configure({ storage });
    expect(llm.getDefaultModel()).toBe("echo");
    expect(llm.getModel().modelId).toBe("echo");
    expect(llm.getDefaultEmbeddingModel()).toBe("3-small");
    await llm.setDefaultModel(undefined);
    expect(await storage.get("settings/default-model")).toBeUndefined();
    expect(llm.getDefaultModel()).toBe("gpt-4o-mini");
    await expect(llm.setDefaultModel("no-such-model")).rejects.toThrow("Unknown model: no-such-model");
  });

  it("registers the OpenAI-compatible models a storage lists under settings/extra-openai-models", async () => {
    await storage.set("settings/extra-openai-models", [{ modelId: "local-llama", modelName: "llama3.2", apiBase: "http://127.0.0.1:9/v1", aliases: ["ll"] }]);
    await llm.configure({ storage });
    const model = llm.getModel("ll");
    expect(model.modelId).toBe("local-llama");
    expect(model.keyName).toBeUndefined();
  });

  it("stored keys take part in key resolution between an explicit key and the environment", async () => {
    let auth: string | null = null;
    await llm.configure({
      env: { OPENAI_API_KEY: "sk-from-env" },
      fetch: async (_url, init) => {
        auth = new Headers(init?.headers).get("authorization");
        return new Response('{"choices":[{"message":{"content":"ok"},"finish_reason":"stop"}]}', { headers: { "content-type": "application/json" } });
      },
    });
    await llm.getModel("gpt-4o-mini").prompt("hi", { stream: false }).text();
    expect(auth).toBe("Bearer sk-from-env");
    await llm.setKey("openai", "sk-stored");
    await llm.getModel("gpt-4o-mini").prompt("hi", { stream: false }).text();
    expect(auth).toBe("Bearer sk-stored");
    await llm.getModel("gpt-4o-mini").prompt("hi", { stream: false, key: "sk-explicit" }).text();
    expect(auth).toBe("Bearer sk-explicit");
    expect(await llm.listKeys()).toEqual(["openai"]);
  });

  it("a storage that fails while loading settings rejects configure with its error", async () => {
    const failing: Storage = { ...llm.createMemoryStorage(), keys: async () => Promise.reject(new llm.StorageError("disk gone")) };
    await expect(llm.configure({ storage: failing })).rejects.toThrow("disk gone");
  });
});
