import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import type { Storage } from "../../src/spec/storage.ts";
import { createFsStorage } from "../../src/storage/fs.ts";
import { createMemoryStorage } from "../../src/storage/memory.ts";
import { loadFixtureCases } from "../helpers/fixtures.ts";
import { replayFetch } from "../helpers/replay-fetch.ts";
import { letterVector, registerTestEmbeddings } from "./collection-contract.ts";
import { describeCollectionContract } from "./describe-collection-contract.ts";

const made: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "llm-anywhere-collections-"));
  made.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeCollectionContract("memory", () => createMemoryStorage());
describeCollectionContract("fs", async () => createFsStorage({ dir: await freshDir() }));

/** A storage that counts reads. */
function counting(storage: Storage) {
  const counts = { get: 0, keys: 0, set: 0 };
  const wrapped: Storage = {
    get: (key) => (counts.get++, storage.get(key)),
    set: (key, value) => (counts.set++, storage.set(key, value)),
    delete: (key) => storage.delete(key),
    keys: (prefix, options) => (counts.keys++, storage.keys(prefix, options)),
  };
  return { storage: wrapped, counts };
}

describe("Collection storage", () => {
  registerTestEmbeddings();

  it("keeps one key per entry and a collection record, vectors as base64 of llm.encode", async () => {
    const storage = createMemoryStorage();
    const collection = new llm.Collection("layout test", { modelId: "letters", storage });
    await collection.embed("notes/one", "pelican", { metadata: { page: 1 }, store: true });
    await collection.embed("two", "kakapo");
    expect((await storage.keys()).sort()).toEqual([
      "embeddings/layout%20test/collection",
      "embeddings/layout%20test/entries/notes/one",
      "embeddings/layout%20test/entries/two",
    ]);
    expect(await storage.get("embeddings/layout%20test/collection")).toEqual({ name: "layout test", modelId: "letters" });
    const one = await storage.get<Record<string, unknown>>("embeddings/layout%20test/entries/notes/one");
    const expectedHash = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("pelican"))).toString("hex");
    expect(one).toEqual({ id: "notes/one", embedding: expect.any(String), contentHash: expectedHash, content: "pelican", metadata: { page: 1 }, updated: expect.any(Number) });
    // The vector decoded independently: little-endian float32.
    const bytes = Buffer.from(one!.embedding as string, "base64");
    const decoded = Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
    expect(decoded).toEqual(letterVector("pelican"));
    expect(Math.abs((one!.updated as number) - Date.now() / 1000)).toBeLessThan(5);
    const two = await storage.get<Record<string, unknown>>("embeddings/layout%20test/entries/two");
    expect(Object.keys(two!).sort()).toEqual(["contentHash", "embedding", "id", "updated"]);
  });

  it("writes the fs adapter's one JSON file per entry under llm-anywhere/embeddings", async () => {
    const dir = await freshDir();
    const collection = new llm.Collection("notes", { modelId: "letters", storage: createFsStorage({ dir }) });
    await collection.embedMulti([["a", "alpha"], ["b", "beta"]]);
    const entriesDir = path.join(dir, "llm-anywhere", "embeddings", "notes", "entries");
    expect((await readdir(entriesDir)).sort()).toEqual(["a.json", "b.json"]);
    expect(JSON.parse(await readFile(path.join(entriesDir, "a.json"), "utf8"))).toMatchObject({ id: "a" });
  });

  it("loads the vectors once: later searches read nothing from the storage", async () => {
    const base = createMemoryStorage();
    await new llm.Collection("cached", { modelId: "letters", storage: base }).embedMulti(
      Array.from({ length: 50 }, (_, index) => [`id-${index}`, `text number ${index} ${"abc".repeat(index % 7)}`] as const),
    );
    const { storage, counts } = counting(base);
    const collection = new llm.Collection("cached", { storage });
    await collection.similar("abc");
    expect(counts).toEqual({ get: 51, keys: 1, set: 0 }); // the record, then 50 entries
    await collection.similar("text");
    await collection.similarById("id-3");
    await collection.similarByVector(letterVector("number"));
    expect(await collection.count()).toBe(50);
    expect(counts).toEqual({ get: 51, keys: 1, set: 0 });
    // A write goes to the storage and into the cache.
    await collection.embed("new", "zzzz");
    expect(counts.set).toBe(1);
    expect((await collection.similar("zz", { number: 1 }))[0]!.id).toBe("new");
    expect(counts.get).toBe(51);
  });

  it("embeds with a real provider: OpenAI's recorded answer, replayed", async () => {
    const [fixture] = loadFixtureCases("openai", "embeddings");
    const replay = replayFetch(fixture!.body, { contentType: fixture!.contentType });
    await llm.configure({ fetch: replay.fetch, env: { OPENAI_API_KEY: "sk-collection-test" } });
    try {
      const model = llm.getEmbeddingModel("3-small");
      const collection = new llm.Collection("openai", { model, storage: createMemoryStorage() });
      await collection.embed("hello", "Hello, world!", { store: true });
      const [entry] = await collection.similar("Hello, world!");
      expect(entry).toMatchObject({ id: "hello", content: "Hello, world!", metadata: undefined });
      expect(entry!.score).toBeCloseTo(1, 6);
      expect(replay.requests.map((request) => request.body.input)).toEqual([["Hello, world!"], ["Hello, world!"]]);
    } finally {
      await llm.configure({ fetch: undefined, env: undefined });
    }
  });

  it("top-k keeps the best without sorting everything: same answer as sorting all scores", async () => {
    const collection = new llm.Collection("many", { modelId: "letters", storage: createMemoryStorage() });
    const words = Array.from({ length: 300 }, (_, index) => [`w${index}`, (index * 7919).toString(36) + "qz".repeat(index % 5)] as const);
    await collection.embedMulti(words);
    const query = letterVector("q7z3a");
    const all = words
      .map(([id, text]) => {
        const vector = letterVector(text);
        const dot = vector.reduce((sum, value, index) => sum + value * query[index]!, 0);
        const norm = (values: number[]) => Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
        return { id, score: dot / (norm(vector) * norm(query)) };
      })
      .filter(({ score }) => !Number.isNaN(score))
      .sort((a, b) => b.score - a.score);
    const top = await collection.similarByVector(query, { number: 25 });
    expect(top.map(({ score }) => score)).toEqual(all.slice(0, 25).map(({ score }) => expect.closeTo(score, 6)));
    // Ties may come in any order between equal scores; the set of scores matches.
    expect(top).toHaveLength(25);
  });
});

afterEach(async () => {
  await llm.configure({ storage: createMemoryStorage() });
});
