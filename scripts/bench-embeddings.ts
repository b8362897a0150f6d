/**
 * Figures for similarity search: `collection.similar()` over 10,000 vectors
 * of 1,536 dimensions (OpenAI's text-embedding-3-small size) in Node (memory
 * and fs storage) and in real Chromium (IndexedDB and memory storage): the
 * first search on a new Collection (loads and decodes every vector), warm
 * searches, and the memory the cached vectors take. The benchmark body is
 * test/embeddings/browser/similar-bench.ts. Figures only: nothing is asserted.
 *
 * Usage: node --expose-gc --import tsx --conditions=llm-anywhere:source scripts/bench-embeddings.ts
 *   [--only memory,fs,chromium-indexeddb,chromium-memory] [--count 10000] [--dimensions 1536] [--runs 20] [--number 10] [--json]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { createFsStorage } from "../src/storage/fs.ts";
import { createMemoryStorage } from "../src/storage/memory.ts";
import { chromiumArgs, chromiumPath, runInChromium } from "../test/helpers/chromium.ts";
import { benchSimilar, type SimilarBenchOptions, type SimilarBenchResult } from "../test/embeddings/browser/similar-bench.ts";

const { values: flags } = parseArgs({
  options: {
    only: { type: "string", default: "memory,fs,chromium-indexeddb,chromium-memory" },
    count: { type: "string", default: "10000" },
    dimensions: { type: "string", default: "1536" },
    runs: { type: "string", default: "20" },
    number: { type: "string", default: "10" },
    json: { type: "boolean", default: false },
  },
});
const options: SimilarBenchOptions = { count: Number(flags.count), dimensions: Number(flags.dimensions), runs: Number(flags.runs), number: Number(flags.number) };
const only = new Set(flags.only!.split(","));
const progress = (text: string) => process.stderr.write(`${text}\n`);
const results: SimilarBenchResult[] = [];

if (only.has("memory")) results.push(await benchSimilar("memory (Node)", createMemoryStorage(), options, progress));
if (only.has("fs")) {
  const dir = await mkdtemp(path.join(tmpdir(), "llm-anywhere-bench-embeddings-"));
  try {
    results.push(await benchSimilar("fs (Node)", createFsStorage({ dir }), options, progress));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
for (const storage of ["indexeddb", "memory"] as const) {
  if (!only.has(`chromium-${storage}`)) continue;
  progress(`${storage} (Chromium)...`);
  // Precise heap figures and gc() in the page.
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, "--enable-precise-memory-info", "--js-flags=--expose-gc"] });
  try {
    const [result] = await runInChromium<SimilarBenchResult>("test/embeddings/browser/similar-bench.ts", { browser, arg: { ...options, storage }, timeoutMs: 900_000 });
    results.push(result!);
  } finally {
    await browser.close();
  }
}

if (flags.json) {
  console.log(JSON.stringify({ options, results }, null, 2));
} else {
  const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  console.log(`similar() over ${options.count.toLocaleString("en")} vectors of ${options.dimensions} dimensions, top ${options.number}, ${options.runs} warm runs`);
  console.log("| storage | fill | first search (loads) | warm median | warm fastest | similar(text) median | plain number[] + sort-all | vectors (float32) | memory growth on load |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    console.log(
      `| ${r.label} | ${(r.fillMs / 1000).toFixed(1)} s | ${r.firstSearchMs.toFixed(0)} ms | ${r.warmMedianMs.toFixed(1)} ms | ${r.warmMinMs.toFixed(1)} ms | ${r.similarTextMedianMs.toFixed(1)} ms | ${r.plainMedianMs.toFixed(1)} ms | ${mib(r.vectorBytes)} | ${mib(r.memoryDeltaBytes)} (${r.memoryNote}) |`,
    );
  }
}
