/**
 * examples/electron, tested where its parts run, since Electron itself cannot
 * be downloaded here:
 *
 * - the main process's llm-anywhere code (src/main/chat-service.ts) on Node
 *   22 (the npm package `node@<version>`, Electron's Node line), with fs
 *   storage in a temporary directory and OpenAI answered by a local mock;
 * - the built app (build.ts: main.mjs and preload.cjs) on the same Node, with
 *   a stand-in `electron` module (test/examples/fake-electron.cjs) that carries
 *   IPC between preload and main in one process;
 * - the renderer page in Chromium, with a stub `window.llmBridge` in place of
 *   the preload.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleForBrowser, launchChromium, saveScreenshot, serve, type Served } from "../test/helpers/chromium.ts";
import { loadFixtureCases, repoRoot } from "../test/helpers/fixtures.ts";
import { startMockOpenAI, type MockOpenAI } from "./helpers/mock-openai.ts";

/** The Node the main process is run on: Electron 35 and later bundle Node 22. */
const nodeVersion = process.env.ELECTRON_NODE_VERSION ?? "22.23.3";
const runTimeoutMs = 120_000;
const rendererDir = path.join(repoRoot, "examples/electron/src/renderer");
const short = loadFixtureCases("openai", "chat-completions").find((fixture) => fixture.name === "text-stream-usage-gpt-4o-mini")!;
const shortText = short.facts.text as string;
const key = "sk-electron-main-test-7c1d";

const tempDirs: string[] = [];
const freshDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), `llm-anywhere-electron-${prefix}-`));
  tempDirs.push(dir);
  return dir;
};

interface Line {
  event: string;
  [name: string]: any;
}

/** Runs a command from the repository root; stdout is JSON lines. Nothing of the parent's OPENAI_/LLM_ variables leaks in. */
function run(command: string, args: string[], extraEnv: Record<string, string>): Promise<{ code: number | null; lines: Line[]; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !/^(OPENAI|ANTHROPIC|GEMINI|LLM)_/.test(name)) env[name] = value;
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...env, NO_COLOR: "1", ...extraEnv } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data: Buffer) => (stdout += data));
    child.stderr.on("data", (data: Buffer) => (stderr += data));
    const timer = setTimeout(() => child.kill("SIGKILL"), runTimeoutMs - 5_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      const lines = stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Line);
      done({ code, lines, stderr });
    });
  });
}

/** `npx -y -p node@<version> node --import tsx --conditions=llm-anywhere:source <script> ...` */
const runOnNode22 = (script: string, args: string[], env: Record<string, string>) =>
  run("npx", ["-y", "-p", `node@${nodeVersion}`, "node", "--import", "tsx", "--conditions=llm-anywhere:source", script, ...args], env);

const logFiles = (dir: string, kind: string) => readdirSync(path.join(dir, "llm-anywhere/logs", kind)).map((name) => name.replace(/\.json$/, "")).sort();
const readLog = (dir: string, kind: string, id: string) => readFileSync(path.join(dir, "llm-anywhere/logs", kind, `${id}.json`), "utf8");

let mock: MockOpenAI;
let browser: Browser;
let site: Served;
let appDir: string;

beforeAll(async () => {
  appDir = freshDir("app");
  const [started, launched, bundle, built] = await Promise.all([
    startMockOpenAI(),
    launchChromium(),
    bundleForBrowser("examples/electron/src/renderer/renderer.ts"),
    run(process.execPath, ["--import", "tsx", "examples/electron/build.ts", "--outdir", appDir], {}),
  ]);
  [mock, browser] = [started, launched];
  if (built.code !== 0) throw new Error(`examples/electron/build.ts failed:\n${built.stderr}`);
  site = await serve({
    "/index.html": readFileSync(path.join(rendererDir, "index.html"), "utf8"),
    "/style.css": readFileSync(path.join(rendererDir, "style.css"), "utf8"),
    "/renderer.js": bundle,
  });
}, runTimeoutMs);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** The streamed answer of request `index`: its chunks (with arrival times) and its reply. */
function answerOf(lines: Line[], index: number) {
  const chunks = lines.filter((line) => line.event === "chunk" && line.request === index);
  const reply = lines.find((line) => line.event === "reply" && line.request === index)?.reply;
  return { chunks: chunks.map((line) => line.text as string), spanMs: chunks.length ? chunks.at(-1)!.ms - chunks[0]!.ms : 0, reply };
}

describe(`the main process on Node ${nodeVersion}`, () => {
  let storageDir: string;
  let echoConversation: string;

  it("chat-service: echo, then gpt-4o-mini streamed chunk by chunk, both logged to files in the storage dir", async () => {
    storageDir = freshDir("main");
    mock.replay(short.body, 20);
    const before = mock.requests.length;
    const requests = [{ prompt: "Hello from Node 22" }, { prompt: "What is 1231 * 2331?", model: "gpt-4o-mini" }];
    const { code, lines, stderr } = await runOnNode22("test/examples/electron-main-driver.ts", [storageDir, ...requests.map((request) => JSON.stringify(request))], {
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: mock.baseUrl,
    });
    expect(code, stderr).toBe(0);
    const runtime = lines.find((line) => line.event === "runtime")!;
    console.log(`main process under test: Node ${runtime.node} (V8 ${runtime.v8}) from npm node@${nodeVersion}; process.versions.electron: ${runtime.electron ?? "none"}`);
    expect(runtime.node).toBe(`v${nodeVersion}`);
    expect(runtime.node).toMatch(/^v22\./);

    const echo = answerOf(lines, 0);
    expect(echo.reply).toMatchObject({ ok: true, model: "echo" });
    expect(JSON.parse(echo.chunks.join(""))).toMatchObject({ prompt: "Hello from Node 22", previous: [] });
    echoConversation = echo.reply.conversationId;

    const streamed = answerOf(lines, 1);
    expect(streamed.reply).toMatchObject({ ok: true, model: "gpt-4o-mini", text: shortText, usage: { input: 87, output: 26 } });
    expect(streamed.chunks.join("")).toBe(shortText);
    // 26 text events 20 ms apart, handed on as they came: many chunks, spread over time.
    expect(streamed.chunks.length).toBeGreaterThan(10);
    expect(streamed.spanMs).toBeGreaterThan(200);
    expect(mock.requests.length).toBe(before + 1);
    expect(mock.requests[before]!.headers.authorization).toBe(`Bearer ${key}`);
    expect(mock.requests[before]!.body).toMatchObject({ model: "gpt-4o-mini", stream: true });

    // The logs, as files: one response and one conversation per ask, each response in its conversation's turns.
    const responses = logFiles(storageDir, "responses");
    expect(responses).toEqual([echo.reply.responseId, streamed.reply.responseId].sort());
    expect(logFiles(storageDir, "conversations")).toEqual([echoConversation, streamed.reply.conversationId].sort());
    expect(logFiles(storageDir, `turns/${streamed.reply.conversationId}`)).toEqual([streamed.reply.responseId]);
    const entry = JSON.parse(readLog(storageDir, "responses", streamed.reply.responseId));
    expect(entry).toMatchObject({ model: "gpt-4o-mini", prompt: "What is 1231 * 2331?", text: shortText, usage: { input: 87, output: 26 } });
    for (const id of responses) expect(readLog(storageDir, "responses", id)).not.toContain(key);
    expect(lines.at(-1)).toMatchObject({ event: "info", info: { node: `v${nodeVersion}`, storageDir, keys: [] } });
  }, runTimeoutMs);

  it("after a restart, a logged conversation is loaded from the files and continued", async () => {
    expect(echoConversation, "the previous test ran").toBeDefined();
    const { code, lines, stderr } = await runOnNode22("test/examples/electron-main-driver.ts", [storageDir, JSON.stringify({ prompt: "And again", conversationId: echoConversation })], {});
    expect(code, stderr).toBe(0);
    const { chunks, reply } = answerOf(lines, 0);
    expect(reply).toMatchObject({ ok: true, conversationId: echoConversation });
    expect(JSON.parse(chunks.join(""))).toMatchObject({ prompt: "And again", previous: [{ prompt: "Hello from Node 22" }] });
    expect(logFiles(storageDir, `turns/${echoConversation}`)).toHaveLength(2);
  }, runTimeoutMs);

  it("the built app: main.mjs registers the IPC handlers and opens a sandboxed window; preload's llmBridge streams over IPC", async () => {
    // A stand-in electron package next to the built files, where main.mjs and preload.cjs look for it.
    const fake = path.join(appDir, "node_modules/electron");
    mkdirSync(fake, { recursive: true });
    copyFileSync(path.join(repoRoot, "test/examples/fake-electron.cjs"), path.join(fake, "index.cjs"));
    writeFileSync(path.join(fake, "package.json"), JSON.stringify({ name: "electron", exports: { import: "./index.mjs", require: "./index.cjs" } }));
    writeFileSync(path.join(fake, "index.mjs"), 'import electron from "./index.cjs";\nexport const { app, BrowserWindow, ipcMain, ipcRenderer, contextBridge } = electron;\n');
    expect(JSON.parse(readFileSync(path.join(appDir, "package.json"), "utf8"))).toMatchObject({ main: "main.mjs" });
    const userData = freshDir("user-data");
    mock.replay(short.body, 20);

    const request = { prompt: "What is 1231 * 2331?", model: "gpt-4o-mini" };
    const { code, lines, stderr } = await runOnNode22("test/examples/electron-app-driver.ts", [appDir, JSON.stringify(request)], {
      FAKE_ELECTRON_USER_DATA: userData,
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: mock.baseUrl,
    });
    expect(code, stderr).toBe(0);
    expect(lines[0]).toEqual({ event: "runtime", node: `v${nodeVersion}` });
    const app = lines.find((line) => line.event === "app")!;
    expect(app.handlers).toEqual(["llm:ask", "llm:info"]);
    expect(app.exposed).toEqual(["llmBridge"]);
    expect(app.windows).toEqual([
      {
        options: expect.objectContaining({ webPreferences: { preload: path.join(appDir, "preload.cjs"), contextIsolation: true, sandbox: true, nodeIntegration: false } }),
        loaded: { filePath: path.join(appDir, "index.html"), options: { query: { base: mock.baseUrl } } },
      },
    ]);
    const storageDir = path.join(userData, "llm");
    expect(lines.find((line) => line.event === "info")!.info).toEqual({ node: `v${nodeVersion}`, storageDir, keys: [] });
    const { chunks, spanMs, reply } = answerOf(lines, 0);
    expect(chunks.length).toBeGreaterThan(10);
    expect(spanMs).toBeGreaterThan(200);
    expect(chunks.join("")).toBe(shortText);
    expect(reply).toMatchObject({ ok: true, text: shortText, model: "gpt-4o-mini" });
    expect(logFiles(storageDir, "responses")).toEqual([reply.responseId]);
  }, runTimeoutMs);
});

/** Stands in for preload.ts: an `llmBridge` whose answers stream in five chunks, 150 ms apart. */
const stubBridge = `
  window.bridgeCalls = [];
  window.llmBridge = {
    async info() { return { node: "v${nodeVersion}", electron: "(stub)", storageDir: "/stub/llm", keys: ["openai"] }; },
    async ask(request, onChunk) {
      window.bridgeCalls.push(request);
      const chunks = ["Hello", " from", " the", " main", " process"];
      for (const chunk of chunks) { await new Promise((resolve) => setTimeout(resolve, 150)); onChunk(chunk); }
      return { ok: true, text: chunks.join(""), model: request.model, conversationId: "conversation-from-main", responseId: "r1", usage: {}, durationMs: 750 };
    },
  };`;

describe("the renderer page in Chromium", () => {
  async function openPage(bridge: boolean): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext();
    if (bridge) await context.addInitScript(stubBridge);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`uncaught ${error.message}`));
    page.on("console", (message) => message.type() === "error" && problems.push(`console.error ${message.text()}`));
    page.setDefaultTimeout(15_000);
    await page.goto(`${site.url}?base=${encodeURIComponent(mock.baseUrl)}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    return { context, page, problems };
  }
  const lastAnswer = (page: Page) => page.locator("#messages .answer").last();
  const answerText = async (page: Page) => (await lastAnswer(page).textContent()) ?? "";
  const idle = (page: Page) => expect.poll(() => page.getByRole("button", { name: "Ask in this window" }).isEnabled(), { timeout: 15_000 }).toBe(true);

  /** Polls the last answer until it holds some text but not yet `final`: proof it streamed in. */
  async function partialOf(page: Page, final: string): Promise<string | undefined> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const text = await answerText(page);
      if (text === final) return undefined;
      if (text.length > 0) return text;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return undefined;
  }

  async function saveKey(page: Page, value: string): Promise<void> {
    await page.getByLabel("OpenAI key for this window").fill(value);
    await page.getByRole("button", { name: "Save key" }).click();
    await expect.poll(() => page.locator("#key-status").textContent()).toBe("Key saved. Stored keys: openai.");
  }

  it("streams gpt-4o-mini from the page's own SDK, and the main process's answer over the bridge", async () => {
    const { context, page, problems } = await openPage(true);
    const pageKey = "sk-electron-renderer-4e2b";
    try {
      expect(await page.locator("#main-info").textContent()).toBe(`Main process: Electron (stub), Node v${nodeVersion}; files in /stub/llm (keys: openai).`);
      expect(await page.locator("#key-status").textContent()).toBe("No key stored yet.");
      await saveKey(page, pageKey);
      expect(await page.getByLabel("OpenAI key for this window").inputValue()).toBe("");

      await page.getByLabel("Model").selectOption("gpt-4o-mini");
      mock.replay(short.body, 50);
      const before = mock.requests.length;
      await page.getByLabel("Message").fill("What is 1231 * 2331?");
      await page.getByRole("button", { name: "Ask in this window" }).click();
      const partial = await partialOf(page, shortText);
      expect(partial, "some text was on the page before the stream ended").toBeDefined();
      expect(mock.requests[before]?.ended, "the mock was still streaming").toBe(false);
      expect(shortText.startsWith(partial!)).toBe(true);
      await expect.poll(() => answerText(page), { timeout: 15_000 }).toBe(shortText);
      await idle(page);
      expect(mock.requests[before]!.headers.authorization).toBe(`Bearer ${pageKey}`);
      expect(await page.locator("#messages .where").last().textContent()).toBe("(gpt-4o-mini in this window)");
      expect(await page.content()).not.toContain(pageKey);
      await saveScreenshot(page, "electron-renderer-1-streaming");

      // The main process, through the bridge: its chunks show as they come, twice in one conversation.
      for (const [index, prompt] of ["Hello main", "Hello again"].entries()) {
        await page.getByLabel("Message").fill(prompt);
        await page.getByRole("button", { name: "Ask the main process" }).click();
        const fromMain = await partialOf(page, "Hello from the main process");
        expect(fromMain, "part of the main process's answer was shown first").toMatch(/^Hello/);
        await expect.poll(() => answerText(page), { timeout: 15_000 }).toBe("Hello from the main process");
        await idle(page);
        expect(await page.evaluate("window.bridgeCalls")).toHaveLength(index + 1);
      }
      expect(await page.evaluate("window.bridgeCalls")).toEqual([
        { prompt: "Hello main", model: "gpt-4o-mini" },
        { prompt: "Hello again", model: "gpt-4o-mini", conversationId: "conversation-from-main" },
      ]);
      expect(await page.locator("#messages .where").last().textContent()).toBe("(gpt-4o-mini in the main process)");
      await saveScreenshot(page, "electron-renderer-2-main-process");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("the key stays in IndexedDB after a reload and is used without typing it again", async () => {
    const { context, page, problems } = await openPage(true);
    const pageKey = "sk-electron-kept-9a0f";
    try {
      await saveKey(page, pageKey);
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.locator("#key-status").textContent()).toBe("Stored keys: openai.");
      const stored = await page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open("llm-anywhere");
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const request = open.result.transaction("storage").objectStore("storage").get("keys/openai");
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error);
            };
          }),
      );
      expect(stored).toBe(pageKey);

      await page.getByLabel("Model").selectOption("gpt-4o-mini");
      mock.replay(short.body, 5);
      const before = mock.requests.length;
      await page.getByLabel("Message").fill("After the reload");
      await page.getByRole("button", { name: "Ask in this window" }).click();
      await expect.poll(() => answerText(page), { timeout: 15_000 }).toBe(shortText);
      expect(mock.requests[before]!.headers.authorization).toBe(`Bearer ${pageKey}`);
      await saveScreenshot(page, "electron-renderer-3-reload");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("without the bridge (a plain tab) the page still works with echo and says the main process is missing", async () => {
    const { context, page, problems } = await openPage(false);
    try {
      expect(await page.locator("#main-info").textContent()).toContain("window.llmBridge is missing");
      expect(await page.getByRole("button", { name: "Ask the main process" }).isDisabled()).toBe(true);
      await page.getByLabel("Message").fill("Echo this");
      await page.getByRole("button", { name: "Ask in this window" }).click();
      await expect.poll(async () => (await answerText(page)).length).toBeGreaterThan(0);
      await idle(page);
      expect(JSON.parse(await answerText(page))).toMatchObject({ prompt: "Echo this", previous: [] });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
