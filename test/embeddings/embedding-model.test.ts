import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import type { EmbeddingCall, EmbeddingModelAdapter } from "../../src/index.ts";
import type { Storage } from "../../src/spec/storage.ts";

let storage: Storage;
beforeEach(async () => {
  storage = llm.createMemoryStorage();
  await llm.configure({ env: {}, storage });
});
afterEach(async () => {
  await llm.configure({ storage: llm.createMemoryStorage(), env: undefined });
});

/** An adapter that records its calls and answers [length, first char code, batch number]. */
function recordingAdapter(overrides: Partial<EmbeddingModelAdapter> = {}) {
  const calls: EmbeddingCall[] = [];
  const adapter: EmbeddingModelAdapter = {
    modelId: "recording",
    async embedBatch(call) {
      calls.push(call);
      return call.items.map((item) => [item.length, typeof item === "string" ? item.charCodeAt(0) : item[0]!, calls.length]);
    },
    ...overrides,
  };
  return { adapter, calls };
}

const collect = async <T>(iterable: AsyncIterable<T>) => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

describe("embedding model registry", () => {
  it("has OpenAI's models with the Python library's ids and aliases", () => {
    const ids = llm.getEmbeddingModels().map((model) => model.modelId);
    expect(ids.slice(0, 6)).toEqual([
      "text-embedding-ada-002",
      "text-embedding-3-small",
      "text-embedding-3-large",
      "text-embedding-3-small-512",
      "text-embedding-3-large-256",
      "text-embedding-3-large-1024",
    ]);
    for (const [alias, id] of [["ada", "text-embedding-ada-002"], ["ada-002", "text-embedding-ada-002"], ["3-small", "text-embedding-3-small"], ["3-large", "text-embedding-3-large"], ["3-small-512", "text-embedding-3-small-512"], ["3-large-256", "text-embedding-3-large-256"], ["3-large-1024", "text-embedding-3-large-1024"]]) {
      expect(llm.getEmbeddingModel(alias).modelId).toBe(id);
    }
    const small = llm.getEmbeddingModel("text-embedding-3-small");
    expect(llm.getEmbeddingModel("3-small")).toBe(small);
    expect(llm.getEmbeddingModelAliases(small)).toEqual(["3-small"]);
    expect(small).toBeInstanceOf(llm.EmbeddingModel);
    expect([small.supportsText, small.supportsBinary, small.batchSize, small.keyName, small.keyEnvVar]).toEqual([true, false, 100, "openai", "OPENAI_API_KEY"]);
    expect(String(small)).toBe("OpenAI Embedding: text-embedding-3-small");
  });

  it("throws UnknownModelError for an unknown id, and for a chat model", () => {
    expect(() => llm.getEmbeddingModel("no-such-model")).toThrow("Unknown model: no-such-model");
    expect(() => llm.getEmbeddingModel("gpt-4o-mini")).toThrow(llm.UnknownModelError);
    expect(() => llm.getModel("3-small")).toThrow(llm.UnknownModelError);
  });

  it("uses the stored default embedding model with no argument, and says how to set one when there is none", async () => {
    expect(() => llm.getEmbeddingModel()).toThrow('No default embedding model is set: pass a model id, or set one with llm.setDefaultEmbeddingModel("3-small").');
    await llm.setDefaultEmbeddingModel("3-large");
    expect(llm.getEmbeddingModel().modelId).toBe("text-embedding-3-large");
    expect(await storage.get("settings/default-embedding-model")).toBe("3-large");
    await llm.configure({ storage: llm.createMemoryStorage() });
    expect(() => llm.getEmbeddingModel()).toThrow(llm.ConfigurationError);
    await llm.configure({ storage });
    expect(llm.getEmbeddingModel().modelId).toBe("text-embedding-3-large");
  });

  it("setAlias resolves an embedding model to its id (as Python's aliases.json holds both), and getEmbeddingModel follows it", async () => {
    await llm.setAlias("emb", "3-small");
    expect(await storage.get("aliases/emb")).toBe("text-embedding-3-small");
    expect(llm.getEmbeddingModel("emb").modelId).toBe("text-embedding-3-small");
    expect(llm.getEmbeddingModelAliases(llm.getEmbeddingModel("3-small"))).toEqual(["3-small", "emb"]);
    expect(() => llm.getModel("emb")).toThrow(llm.UnknownModelError);
    // An alias stored by the Python llm (or before a plugin was loaded) is followed as well.
    await storage.set("aliases/big", "text-embedding-3-large");
    await llm.configure({ storage });
    expect(llm.getEmbeddingModel("big").modelId).toBe("text-embedding-3-large");
    await llm.removeAlias("emb");
    expect(() => llm.getEmbeddingModel("emb")).toThrow("Unknown model: emb");
  });

  it("registers plugin models with aliases; a later registration of the same id replaces it", () => {
    const { adapter } = recordingAdapter({ modelId: "plugin-embed" });
    llm.registerEmbeddingModels((register) => register(adapter, { aliases: ["pe"] }));
    expect(llm.getEmbeddingModel("pe").adapter).toBe(adapter);
    const replacement = recordingAdapter({ modelId: "plugin-embed" }).adapter;
    llm.registerEmbeddingModels((register) => register(replacement));
    expect(llm.getEmbeddingModel("plugin-embed").adapter).toBe(replacement);
    expect(llm.getEmbeddingModels().filter((model) => model.modelId === "plugin-embed")).toHaveLength(1);
  });
});

describe("EmbeddingModel", () => {
  it("embed returns one vector as number[]; embedMulti batches by the model's batchSize or the option", async () => {
    const { adapter, calls } = recordingAdapter({ batchSize: 2 });
    const model = new llm.EmbeddingModel(adapter);
    expect(await model.embed("hello")).toEqual([5, 104, 1]);
    const vectors = await collect(model.embedMulti(["a", "bb", "ccc", "dddd", "eeeee"]));
    expect(vectors.map((vector) => vector[0])).toEqual([1, 2, 3, 4, 5]);
    expect(calls.slice(1).map((call) => call.items)).toEqual([["a", "bb"], ["ccc", "dddd"], ["eeeee"]]);
    await collect(model.embedMulti(["a", "b", "c"], { batchSize: 3 }));
    expect(calls.at(-1)!.items).toEqual(["a", "b", "c"]);
    expect(await collect(model.embedMulti([]))).toEqual([]);
    await expect(collect(model.embedMulti(["a"], { batchSize: 0 }))).rejects.toThrow("batchSize must be a whole number above 0; got 0.");
  });

  it("without any batch size, sends everything in one batch; takes async iterables", async () => {
    const { adapter, calls } = recordingAdapter();
    const model = new llm.EmbeddingModel(adapter);
    const items = Array.from({ length: 250 }, (_, index) => `item ${index}`);
    expect(await collect(model.embedMulti(items))).toHaveLength(250);
    expect(calls.map((call) => call.items.length)).toEqual([250]);
    async function* generate() {
      yield "x";
      yield "yy";
    }
    expect((await collect(model.embedMulti(generate()))).map((vector) => vector[0])).toEqual([1, 2]);
  });

  it("yields each batch's vectors before asking for the next batch", async () => {
    const { adapter, calls } = recordingAdapter({ batchSize: 2 });
    const iterator = new llm.EmbeddingModel(adapter).embedMulti(["a", "b", "c", "d"]);
    await iterator.next();
    expect(calls).toHaveLength(1);
    await iterator.return(undefined);
    expect(calls).toHaveLength(1);
  });

  it("rejects the wrong kind of input with the Python library's messages, each item checked as it is batched", async () => {
    const text = new llm.EmbeddingModel(recordingAdapter().adapter);
    await expect(text.embed(new Uint8Array([1, 2]))).rejects.toThrow("This model does not support binary data, only text strings");
    const { adapter, calls } = recordingAdapter({ supportsText: false, supportsBinary: true, batchSize: 1 });
    const binary = new llm.EmbeddingModel(adapter);
    await expect(binary.embed("text")).rejects.toThrow("This model does not support text strings, only binary data");
    expect(await binary.embed(new Uint8Array([9, 8, 7]))).toEqual([3, 9, 1]);
    // Lazily: the first item is embedded before the second is found to be wrong.
    const seen: number[][] = [];
    await expect(
      (async () => {
        for await (const vector of binary.embedMulti([new Uint8Array([1]), "text"])) seen.push(vector);
      })(),
    ).rejects.toSatisfy((error: unknown) => llm.ConfigurationError.is(error) && (error as Error).message === "This model does not support text strings, only binary data");
    expect(seen).toEqual([[1, 1, 2]]);
    expect(calls).toHaveLength(2);
    await expect(text.embed(42 as unknown as string)).rejects.toThrow("Embedding models take strings; got number.");
  });

  it("resolves keys as prompts do: model.key, the option (a stored key's name or a key), the stored key, the environment", async () => {
    const { adapter, calls } = recordingAdapter({ keyName: "openai", keyEnvVar: "OPENAI_API_KEY" });
    const model = new llm.EmbeddingModel(adapter);
    const error = await model.embed("x").catch((caught: unknown) => caught);
    expect(llm.NeedsKeyError.is(error)).toBe(true);
    expect((error as Error).message).toContain('llm.setKey("openai", ...)');
    expect((error as Error).message).toContain("OPENAI_API_KEY");
    expect(calls).toHaveLength(0);
    await llm.configure({ env: { OPENAI_API_KEY: "sk-env" } });
    await model.embed("x");
    await llm.setKey("openai", "sk-stored");
    await model.embed("x");
    await llm.setKey("other", "sk-other");
    await model.embed("x", { key: "other" });
    await model.embed("x", { key: "sk-given" });
    model.key = "sk-model";
    await model.embed("x", { key: "sk-given" });
    expect(calls.map((call) => call.key)).toEqual(["sk-env", "sk-stored", "sk-other", "sk-given", "sk-model"]);
    expect(String(model)).not.toContain("sk-");
  });

  it("passes the configured fetch, env and the signal; an aborted signal rejects with its reason", async () => {
    const fetch: typeof globalThis.fetch = async () => new Response("{}");
    await llm.configure({ fetch, env: { SOME: "value" } });
    try {
      const { adapter, calls } = recordingAdapter();
      const model = new llm.EmbeddingModel(adapter);
      const controller = new AbortController();
      await model.embed("x", { signal: controller.signal });
      expect(calls[0]).toMatchObject({ fetch, env: { SOME: "value" }, signal: controller.signal });
      controller.abort(new Error("stop"));
      await expect(model.embed("x", { signal: controller.signal })).rejects.toThrow("stop");
    } finally {
      await llm.configure({ fetch: undefined });
    }
  });

  it("fails clearly when the provider returns the wrong number of vectors", async () => {
    const model = new llm.EmbeddingModel({ modelId: "short", embedBatch: async () => [[1]] });
    await expect(collect(model.embedMulti(["a", "b"]))).rejects.toThrow("short returned 1 vectors for 2 items");
  });
});
