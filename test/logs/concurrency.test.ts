/**
 * Logging from several writers at once loses nothing: two Chromium pages of
 * one origin logging into one IndexedDB database, and two Node processes
 * logging into one fs directory. And a full disk while logging (Chromium):
 * the answer arrives, `response.logged` rejects, `onError` is called.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import { createFsStorage } from "../../src/storage/fs.ts";
import { launchChromium, runInChromium } from "../helpers/chromium.ts";
import { repoRoot } from "../helpers/fixtures.ts";
import type { ConcurrentLogResult } from "./browser/concurrent-log-entry.ts";
import type { QuotaLogResult } from "./browser/quota-log-entry.ts";

const count = 1_000;
const unique = (name: string) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
const promptsOf = (names: string[]) => names.flatMap((name) => Array.from({ length: count }, (_, index) => `${name} prompt ${index}`)).sort();

describe("logging in Chromium (IndexedDB)", () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("two pages of one origin log 1,000 echo responses each at once, and all 2,000 are listed", async () => {
    const arg = { dbName: unique("logs-concurrent"), pages: 2, count, concurrency: 10 };
    const results = await runInChromium<ConcurrentLogResult>("test/logs/browser/concurrent-log-entry.ts", { browser, pages: 2, arg, timeoutMs: 150_000 });
    expect(results).toHaveLength(2);
    const expectedPrompts = promptsOf(["page-0", "page-1"]);
    for (const result of results) {
      expect(result.failures).toEqual([]);
      expect(result.emptyAnswers).toBe(0);
      expect(result.listed).toHaveLength(2 * count);
      const ids = result.listed.map((entry) => entry.id);
      expect(new Set(ids).size).toBe(2 * count);
      // Newest first: ids (ULIDs) descending.
      expect(ids).toEqual([...ids].sort().reverse());
      expect(result.listed.map((entry) => entry.prompt).sort()).toEqual(expectedPrompts);
      expect(result.listed.every((entry) => entry.model === "echo" && entry.conversationId === entry.id)).toBe(true);
    }
    // The two pages logged at the same time: each started before the other finished.
    const [first, second] = results as [ConcurrentLogResult, ConcurrentLogResult];
    expect(first.startedAt).toBeLessThanOrEqual(second.loggedAt);
    expect(second.startedAt).toBeLessThanOrEqual(first.loggedAt);
  }, 180_000);

  it("a full disk while logging (QuotaExceededError): the answer arrives, response.logged rejects with a StorageError, onError is called", async () => {
    const [result] = await runInChromium<QuotaLogResult>("test/logs/browser/quota-log-entry.ts", { browser, arg: { dbName: unique("logs-quota") } });
    expect(result!.expectedText.length).toBeGreaterThan(0);
    expect(result!.text).toBe(result!.expectedText);
    expect(result!.streamed).toBe(result!.expectedText);
    expect(result).toMatchObject({
      rejected: true,
      isStorageError: true,
      instanceOfStorageError: true,
      code: "storage_error",
      name: "StorageError",
      causeName: "QuotaExceededError",
      entryStored: false,
      turnKeys: [],
      listedWhileFull: ["logged before the disk filled up"],
      loggedAfterRestore: true,
      listedAfterRestore: ["fits again", "logged before the disk filled up"],
    });
    expect(result!.message).toMatch(/storage for this site is full/);
    expect(result!.onErrorCalls).toEqual([{ message: result!.message, sameError: true, sameResponse: true }]);
  }, 60_000);
});

describe("logging with the fs storage", () => {
  const made: string[] = [];
  afterAll(async () => {
    await llm.configure({ log: false, storage: llm.createMemoryStorage() });
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("two processes log 1,000 echo responses each into one directory at once, and all 2,000 are listed", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "llm-anywhere-logs-"));
    made.push(dir);
    const script = path.join(repoRoot, "test", "logs", "fixtures", "log-many.ts");
    const run = (name: string) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done, fail) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--conditions=llm-anywhere:source", script, dir, name, String(count), "10"], { cwd: repoRoot });
        let stderr = "";
        child.stderr.on("data", (data: Buffer) => (stderr += data));
        const timer = setTimeout(() => {
          stderr += `\n(killed after 100 s)`;
          child.kill();
        }, 100_000);
        child.on("error", fail);
        child.on("close", (code, signal) => {
          clearTimeout(timer);
          done({ code, signal, stderr });
        });
      });
    const results = await Promise.all([run("proc-1"), run("proc-2")]);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });

    await llm.configure({ env: {}, storage: createFsStorage({ dir }), log: false });
    const listed = await llm.logs.list({ limit: 5000 });
    expect(listed).toHaveLength(2 * count);
    const ids = listed.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(2 * count);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(listed.map((entry) => entry.prompt).sort()).toEqual(promptsOf(["proc-1", "proc-2"]));
    expect(listed.every((entry) => entry.model === "echo" && entry.text.length > 0)).toBe(true);
    expect((await llm.logs.conversations({ limit: 5000 })).length).toBe(2 * count);
    // No temporary file left behind.
    const logsDir = path.join(dir, "llm-anywhere", "logs");
    for (const sub of ["responses", "turns", "conversations"]) {
      expect((await readdir(path.join(logsDir, sub))).filter((name) => name.startsWith("."))).toEqual([]);
    }
  }, 120_000);
});
