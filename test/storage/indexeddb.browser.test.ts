/**
 * The IndexedDB adapter in real Chromium (Debian's chromium, driven by
 * playwright-core): the storage contract, two tabs writing at once, a full
 * disk, and the time the logs page's query takes.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, runInChromium } from "../helpers/chromium.ts";
import type { ConcurrentResult } from "./browser/concurrent-entry.ts";
import type { ContractResult } from "./contract.ts";
import { describeContractResults } from "./describe-contract.ts";

let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const unique = (name: string) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

describeContractResults("indexeddb (Chromium)", async () => {
  const [results] = await runInChromium<ContractResult[]>("test/storage/browser/contract-entry.ts", { browser, timeoutMs: 110_000 });
  return results!;
});

describe("indexeddb in Chromium", () => {
  it("two pages of one origin write 1,000 keys each at once, and all 2,000 are listed and read back", async () => {
    const arg = { dbName: unique("concurrent"), pages: 2, count: 1_000 };
    const results = await runInChromium<ConcurrentResult>("test/storage/browser/concurrent-entry.ts", { browser, pages: 2, arg });
    const expected = [0, 1].flatMap((page) => Array.from({ length: 1_000 }, (_, index) => `logs/${page}-${String(index).padStart(4, "0")}`)).sort();
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect([...result.keys].sort()).toEqual(expected);
      expect(result.wrong).toEqual([]);
    }
    // The writes overlapped in time: each page started before the other finished.
    const [first, second] = results as [ConcurrentResult, ConcurrentResult];
    expect(first.startedAt).toBeLessThanOrEqual(second.writtenAt);
    expect(second.startedAt).toBeLessThanOrEqual(first.writtenAt);
  }, 60_000);

  it("a full disk (QuotaExceededError) rejects set with a StorageError, and reads still work", async () => {
    const [result] = await runInChromium<Record<string, unknown>>("test/storage/browser/quota-entry.ts", { browser, arg: { dbName: unique("quota") } });
    expect(result).toMatchObject({
      rejected: true,
      isStorageError: true,
      instanceOfStorageError: true,
      code: "storage_error",
      name: "StorageError",
      causeName: "QuotaExceededError",
      readWhileFull: { text: "written before the disk filled up" },
      keysWhileFull: ["keys/openai", "logs/kept"],
      afterRestore: "fits again",
    });
    expect(result!.message).toMatch(/Could not write "logs\/new": the browser's storage for this site is full/);
  }, 60_000);
});
