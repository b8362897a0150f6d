/**
 * The similarity-search benchmark body, the same in Node and in Chromium
 * (bundled): fill a collection with `count` random vectors of `dimensions`
 * through a local model, then time `similarByVector()` on a new Collection
 * object (the first call loads and decodes every vector from the storage),
 * then warm calls (median and fastest of `runs`), and `similar(text)`. For
 * comparison, the same search written plainly: `number[]` vectors,
 * `llm.cosineSimilarity()` for each, a sort of every score.
 * Memory: the JS heap and array buffers before the new Collection loads and
 * after, where the runtime reports them. Figures only, nothing is asserted.
 */
import { Collection, cosineSimilarity, registerEmbeddingModels } from "../../../src/index.ts";
import type { Storage } from "../../../src/spec/storage.ts";
import { createMemoryStorage } from "../../../src/storage/memory.ts";
import { createIndexedDBStorage } from "../../../src/storage/indexeddb.ts";
import { random } from "../../helpers/replay-fetch.ts";

export interface SimilarBenchOptions {
  count: number;
  dimensions: number;
  runs: number;
  number: number;
}

export interface SimilarBenchResult {
  label: string;
  count: number;
  dimensions: number;
  fillMs: number;
  firstSearchMs: number;
  warmMedianMs: number;
  warmMinMs: number;
  similarTextMedianMs: number;
  plainMedianMs: number;
  /** Bytes the vectors take as float32. */
  vectorBytes: number;
  /** Heap (and array buffer) growth once loaded, when the runtime reports it. */
  memoryDeltaBytes: number | undefined;
  memoryNote: string;
}

function seedOf(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash >>> 0;
}

let registeredDimensions: number | undefined;
function registerBenchModel(dimensions: number): void {
  if (registeredDimensions === dimensions) return;
  registeredDimensions = dimensions;
  registerEmbeddingModels((register) =>
    register({
      modelId: "bench-random",
      batchSize: 500,
      async embedBatch({ items }) {
        return items.map((item) => {
          const next = random(seedOf(String(item)));
          return Float32Array.from({ length: dimensions }, () => next() * 2 - 1);
        });
      },
    }),
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Heap figures after two collections with a pause between (array buffers are freed by a background sweep). */
async function memoryNow(): Promise<{ bytes: number | undefined; note: string }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const process = (globalThis as { process?: { memoryUsage(): { heapUsed: number; arrayBuffers: number } } }).process;
  if (process?.memoryUsage) {
    const usage = process.memoryUsage();
    return { bytes: usage.heapUsed + usage.arrayBuffers, note: `heapUsed + arrayBuffers${gc ? ", after gc()" : " (no --expose-gc)"}` };
  }
  const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  if (memory) return { bytes: memory.usedJSHeapSize, note: `performance.memory.usedJSHeapSize${gc ? ", after gc()" : " (no gc)"}` };
  return { bytes: undefined, note: "not reported" };
}

export async function benchSimilar(label: string, storage: Storage, options: SimilarBenchOptions, log: (text: string) => void = () => {}): Promise<SimilarBenchResult> {
  const { count, dimensions, runs, number } = options;
  registerBenchModel(dimensions);
  const name = `bench-${count}-${dimensions}`;
  let started = performance.now();
  const filling = new Collection(name, { modelId: "bench-random", storage });
  const ids = Array.from({ length: count }, (_, index) => [`doc-${index}`, `text of document ${index}`] as const);
  await filling.embedMulti(ids, { batchSize: 500 });
  const fillMs = performance.now() - started;
  log(`${label}: filled ${count} x ${dimensions} in ${fillMs.toFixed(0)} ms`);

  const next = random(42);
  const query = () => Array.from({ length: dimensions }, () => next() * 2 - 1);
  const before = await memoryNow();
  const collection = new Collection(name, { storage });
  started = performance.now();
  await collection.similarByVector(query(), { number });
  const firstSearchMs = performance.now() - started;
  const after = await memoryNow();

  const warm: number[] = [];
  for (let run = 0; run < runs; run++) {
    const vector = query();
    started = performance.now();
    await collection.similarByVector(vector, { number });
    warm.push(performance.now() - started);
  }
  const text: number[] = [];
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    await collection.similar(`query ${run}`, { number });
    text.push(performance.now() - started);
  }

  // The plain way, for comparison: number[] vectors, every score computed and sorted.
  const plainVectors = ids.slice(0, count).map(([, content]) => {
    const generate = random(seedOf(content));
    return Array.from({ length: dimensions }, () => Math.fround(generate() * 2 - 1));
  });
  const plain: number[] = [];
  for (let run = 0; run < Math.min(runs, 5); run++) {
    const vector = query();
    started = performance.now();
    plainVectors.map((candidate, index) => ({ index, score: cosineSimilarity(vector, candidate) })).sort((a, b) => b.score - a.score).slice(0, number);
    plain.push(performance.now() - started);
  }

  return {
    label,
    count,
    dimensions,
    fillMs,
    firstSearchMs,
    warmMedianMs: median(warm),
    warmMinMs: Math.min(...warm),
    similarTextMedianMs: median(text),
    plainMedianMs: median(plain),
    vectorBytes: count * dimensions * 4,
    memoryDeltaBytes: before.bytes !== undefined && after.bytes !== undefined ? after.bytes - before.bytes : undefined,
    memoryNote: before.note,
  };
}

/** Chromium entry: `storage` is "indexeddb" or "memory". */
export async function run(arg: SimilarBenchOptions & { storage: "indexeddb" | "memory" }): Promise<SimilarBenchResult> {
  const storage = arg.storage === "indexeddb" ? createIndexedDBStorage({ dbName: `bench-${Date.now()}` }) : createMemoryStorage();
  return benchSimilar(`${arg.storage === "indexeddb" ? "IndexedDB" : "memory"} (Chromium)`, storage, arg, (text) => console.log(text));
}
