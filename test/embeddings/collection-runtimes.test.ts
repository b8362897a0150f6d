/**
 * Collections on the storage adapters of other runtimes: IndexedDB in real
 * Chromium (Debian's chromium through playwright-core) and Cloudflare KV in
 * real workerd (miniflare), through the same contract as memory and fs.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium, runInChromium } from "../helpers/chromium.ts";
import { withWorkerd } from "../helpers/workerd.ts";
import { collectionContract, type CollectionResult } from "./collection-contract.ts";
import { describeCollectionContractResults } from "./describe-collection-contract.ts";

let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describeCollectionContractResults("indexeddb (Chromium)", async () => {
  const [results] = await runInChromium<CollectionResult[]>("test/embeddings/browser/collection-entry.ts", { browser, timeoutMs: 110_000 });
  return results!;
});

describeCollectionContractResults("cloudflare-kv (workerd)", () =>
  withWorkerd("test/embeddings/workerd/collection-entry.ts", { kv: true }, async (worker) => {
    const results: CollectionResult[] = [];
    for (const [index, { name }] of collectionContract.entries()) {
      results.push(...(await worker.run<CollectionResult[]>({ case: name, prefix: `case-${index}/` })));
    }
    return results;
  }),
);
