/**
 * The collection contract: what `llm.Collection` must do on every storage
 * adapter. Framework-free, like the storage contract, so the same cases run
 * in Node (memory, fs), in Chromium (IndexedDB) and in workerd (Cloudflare
 * KV). The model is a local one (`letters`: a vector of letter counts), so the
 * expected scores are computed here, independently of the library.
 */
import { Collection, NotFoundError, registerEmbeddingModels, type EmbeddingModelAdapter } from "../../src/index.ts";
import type { Storage } from "../../src/spec/storage.ts";
import { runContract, type ContractCase as CollectionCase, type ContractResult as CollectionResult } from "../storage/contract.ts";

export type { ContractCase as CollectionCase, ContractResult as CollectionResult } from "../storage/contract.ts";

/** Every text the `letters` model was sent, in order (to see what dedupe skipped). */
export const embedded: string[] = [];
/** Requests the `letters` model got (one per batch). */
export let batches = 0;

/** 26 counts, one per letter a-z: similar spellings give similar vectors. */
export function letterVector(text: string): number[] {
  const counts = Array.from({ length: 26 }, () => 0);
  for (const char of text.toLowerCase()) {
    const code = char.charCodeAt(0) - 97;
    if (code >= 0 && code < 26) counts[code]!++;
  }
  return counts;
}

const lettersAdapter: EmbeddingModelAdapter = {
  modelId: "letters",
  provider: "Test",
  batchSize: 3,
  supportsBinary: true,
  async embedBatch({ items }) {
    batches++;
    return items.map((item) => {
      const text = typeof item === "string" ? item : new TextDecoder().decode(item);
      embedded.push(text);
      return letterVector(text);
    });
  },
};

let registered = false;
/** Registers `letters` (and `letters-too`, another model) once. */
export function registerTestEmbeddings(): void {
  if (registered) return;
  registered = true;
  registerEmbeddingModels((register) => {
    register(lettersAdapter, { aliases: ["abc"] });
    register({ ...lettersAdapter, modelId: "letters-too" });
  });
}

/** Cosine similarity written out here, as Python's `llm.cosine_similarity` computes it. */
function expectedScore(a: number[], b: number[]): number {
  let dot = 0;
  for (let index = 0; index < Math.min(a.length, b.length); index++) dot += a[index]! * b[index]!;
  const length = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return dot / (length(a) * length(b));
}

function fail(message: string): never {
  throw new Error(message);
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

function close(actual: number, expected: number, what: string): void {
  if (!(Math.abs(actual - expected) < 1e-6)) fail(`${what}: expected ${expected}, got ${actual}`);
}

async function rejects(promise: Promise<unknown>, pattern: RegExp, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!pattern.test(message)) fail(`${what}: the error "${message}" does not match ${pattern}`);
    return error;
  }
  fail(`${what}: expected a rejection`);
}

const animals: Array<[string, string]> = [
  ["birds/pelican", "pelican"],
  ["birds/penguin", "penguin"],
  ["birds/kakapo", "kakapo"],
  ["cats/lion", "lion"],
  ["cats/lynx", "lynx"],
];

export const collectionContract: CollectionCase[] = [
  {
    name: "embed stores an entry per id; similar ranks by cosine similarity, highest first",
    async run(storage) {
      const collection = new Collection("animals", { modelId: "letters", storage });
      for (const [id, text] of animals) await collection.embed(id, text);
      same(await collection.count(), 5, "count");
      const results = await collection.similar("pelicans");
      same(results.length, 5, "number of results");
      const expected = animals
        .map(([id, text]) => ({ id, score: expectedScore(letterVector("pelicans"), letterVector(text)) }))
        .sort((a, b) => b.score - a.score);
      same(results.map((result) => result.id), expected.map((entry) => entry.id), "order");
      results.forEach((result, index) => close(result.score, expected[index]!.score, `score of ${result.id}`));
      same(results[0]!.content, undefined, "content is not stored without store: true");
      same((await collection.similar("pelicans", { number: 2 })).map((result) => result.id), expected.slice(0, 2).map((entry) => entry.id), "number: 2");
    },
  },
  {
    name: "embedMulti takes pairs and objects, stores content and metadata, in batches of the model's size",
    async run(storage) {
      const collection = new Collection("multi", { modelId: "abc", storage });
      const before = batches;
      await collection.embedMulti(
        [
          ["a", "alpha"],
          ["b", "beta"],
          { id: "c", content: "gamma", metadata: { greek: true, letter: 3 } },
          ["d", "delta", { greek: true }],
        ],
        { store: true },
      );
      same(batches - before, 2, "requests (batch size 3 for 4 items)");
      same(await collection.count(), 4, "count");
      const [gamma] = await collection.similar("gamma", { number: 1 });
      same(gamma, { id: "c", score: gamma!.score, content: "gamma", metadata: { greek: true, letter: 3 } }, "entry c");
      close(gamma!.score, 1, "score of an identical text");
      const async = (async function* () {
        yield ["e", "epsilon"] as const;
        yield { id: "f", content: "phi" };
      })();
      await collection.embedMulti(async);
      same(await collection.count(), 6, "count after an async iterable");
    },
  },
  {
    name: "embedding an id again replaces its vector; the same content is not sent to the model again",
    async run(storage) {
      const collection = new Collection("updates", { modelId: "letters", storage });
      await collection.embed("x", "zebra");
      await collection.embed("y", "yak");
      const sent = embedded.length;
      await collection.embed("x", "zebra");
      same(embedded.length, sent, "texts sent after embedding the same content again");
      await collection.embedMulti([["x", "zebra"], ["y", "yak"], ["z", "zzz"]]);
      same(embedded.slice(sent), ["zzz"], "texts sent by embedMulti: only the new one");
      await collection.embed("x", "aardvark", { metadata: { changed: true } });
      same(embedded.slice(sent), ["zzz", "aardvark"], "changed content is embedded");
      same(await collection.count(), 3, "count (x replaced, not added)");
      const [top] = await collection.similar("aardvark", { number: 1 });
      same([top!.id, top!.metadata], ["x", { changed: true }], "x now holds aardvark");
      // Same content with new metadata: stored without calling the model.
      const beforeMetadata = embedded.length;
      await collection.embed("x", "aardvark", { metadata: { changed: "again" }, store: true });
      same(embedded.length, beforeMetadata, "texts sent for a metadata change");
      const reopened = new Collection("updates", { storage });
      const [again] = await reopened.similar("aardvark", { number: 1 });
      same([again!.id, again!.metadata, again!.content], ["x", { changed: "again" }, "aardvark"], "the metadata change is stored");
    },
  },
  {
    name: "prefix keeps only ids that start with it; similarById leaves the entry out; similarByVector takes a vector",
    async run(storage) {
      const collection = new Collection("prefixed", { modelId: "letters", storage });
      await collection.embedMulti(animals);
      const birds = await collection.similar("lion", { prefix: "birds/" });
      same(birds.map((result) => result.id).sort(), ["birds/kakapo", "birds/pelican", "birds/penguin"], "ids under birds/");
      const cats = await collection.similar("pelican", { prefix: "cats/" });
      same(cats.map((result) => result.id).sort(), ["cats/lion", "cats/lynx"], "ids under cats/");
      const byId = await collection.similarById("birds/pelican");
      same(byId.length, 4, "similarById leaves the entry itself out");
      same(byId[0]!.id, "birds/penguin", "pelican is closest to penguin");
      close(byId[0]!.score, expectedScore(letterVector("pelican"), letterVector("penguin")), "score");
      const unknown = await rejects(collection.similarById("birds/dodo"), /ID not found/, "an unknown id");
      if (!NotFoundError.is(unknown)) fail("an unknown id throws a NotFoundError");
      const byVector = await collection.similarByVector(letterVector("lynx"), { number: 1, skipId: "nothing" });
      same(byVector.map((result) => result.id), ["cats/lynx"], "by vector");
    },
  },
  {
    name: "a new Collection object reads the stored entries and the model; create: false and a missing model throw",
    async run(storage) {
      const first = new Collection("kept", { modelId: "letters", storage });
      await first.embedMulti(animals.slice(0, 3), { store: true });
      const second = new Collection("kept", { storage });
      same(await second.count(), 3, "count from a new object");
      same((await second.model()).modelId, "letters", "model read from the storage");
      same(second.modelId, "letters", "modelId once known");
      same((await second.similar("kakapo", { number: 1 }))[0]!.content, "kakapo", "stored content");
      same(await Collection.exists("kept", { storage }), true, "exists");
      same(await Collection.exists("never", { storage }), false, "exists for a missing collection");
      const missing = await rejects(new Collection("never", { storage, create: false }).count(), /Collection "never" does not exist/, "create: false");
      if (!NotFoundError.is(missing)) fail("create: false throws a NotFoundError");
      await rejects(new Collection("no-model", { storage }).count(), /Either model or modelId must be provided/, "a new collection without a model");
      await rejects(new Collection("kept", { storage, modelId: "letters-too" }).count(), /uses the model letters, not letters-too/, "another model");
      same(await Collection.list({ storage }), ["kept"], "list");
    },
  },
  {
    name: "delete removes every entry and the record; bytes are embedded and stored",
    async run(storage) {
      const collection = new Collection("doomed", { modelId: "letters", storage });
      const bytes = new TextEncoder().encode("binary pelican");
      await collection.embed("bytes", bytes, { store: true });
      await collection.embed("text", "text", { store: true });
      const [best] = await collection.similar("pelican binary", { number: 1 });
      if (!(best!.content instanceof Uint8Array)) fail(`stored bytes come back as a Uint8Array, got ${typeof best!.content}`);
      same([...(best!.content as Uint8Array)], [...bytes], "stored bytes");
      const other = new Collection("survivor", { modelId: "letters", storage });
      await other.embed("one", "one");
      await collection.delete();
      same(await storage.keys("embeddings/doomed/"), [], "keys left after delete");
      same(await Collection.exists("doomed", { storage }), false, "exists after delete");
      same(await other.count(), 1, "another collection is untouched");
      same(await collection.count(), 0, "the object can be used again: an empty collection");
    },
  },
  {
    name: "ids with slashes, spaces and Unicode, and a name with a slash, round-trip",
    async run(storage) {
      const collection = new Collection("notes/2025 ünï", { modelId: "letters", storage });
      const ids = ["a/b/c", "with space", "café 🦤", "100%", "..", "trailing/"];
      await collection.embedMulti(ids.map((id) => [id, id.replace(/[^a-z]/gi, "") || "x"] as const));
      const reopened = new Collection("notes/2025 ünï", { storage });
      const found = await reopened.similarByVector(letterVector("abc"), { number: 10 });
      same(found.map((result) => result.id).sort(), [...ids].sort(), "ids");
      same(await Collection.list({ storage }), ["notes/2025 ünï"], "the name");
    },
  },
];

/** Runs every case on a fresh storage each; never throws. */
export function runCollectionContract(make: () => Storage | Promise<Storage>, only?: (name: string) => boolean): Promise<CollectionResult[]> {
  registerTestEmbeddings();
  return runContract(make, only, collectionContract);
}
