/**
 * The package as a user gets it: built, packed with `npm pack`, installed with
 * `npm install` into an empty project, then used from Node, from a browser
 * bundle (esbuild, platform browser) and from TypeScript.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
let project: string;
let server: Server;
let baseUrl: string;

/** Runs a script in the consumer project (asynchronously: the mock server lives in this process). */
function node(file: string, env: Record<string, string> = {}, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [file, ...args],
      { cwd: project, env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8", timeout: 30_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "llm-anywhere-consumer-"));
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "pipe" });
  execFileSync("npm", ["pack", "--silent", "--pack-destination", project], { cwd: root, stdio: "pipe" });
  const tarball = readdirSync(project).find((name) => name.endsWith(".tgz"))!;
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `./${tarball}`], { cwd: project, stdio: "pipe" });
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (content: string) =>
        `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\n\n`;
      response.end(`${chunk("Hello ")}${chunk("from the mock")}data: [DONE]\n\n`);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}, 180_000);

afterAll(async () => {
  await new Promise<void>((done) => server?.close(() => done()));
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("the installed package", () => {
  it("works from Node: echo, keys from process.env, streaming from a server", async () => {
    writeFileSync(
      join(project, "node.mjs"),
      `import * as llm from "llm-anywhere";
const echo = JSON.parse(await llm.getModel("echo").prompt("hi").text());
const missing = await llm.getModel("4o-mini").prompt("hi").text().catch((error) => error.code);
console.log(JSON.stringify({ echo: echo.prompt, missing }));
process.env.OPENAI_API_KEY = "sk-from-env";
let chunks = [];
for await (const chunk of llm.getModel("gpt-4o-mini").prompt("hi")) chunks.push(chunk);
console.log(JSON.stringify(chunks));
const { registerAnthropic } = await import("llm-anywhere/anthropic");
const { registerGemini } = await import("llm-anywhere/gemini");
const { registerOpenAIResponses } = await import("llm-anywhere/openai-responses");
llm.registerModels(registerOpenAIResponses);
llm.registerModels(registerAnthropic);
llm.registerModels(registerGemini);
const claude = await llm.getModel("claude-sonnet-4.5").prompt("hi").text().catch((error) => error.message);
const { mcp, McpError } = await import("llm-anywhere/mcp");
console.log(JSON.stringify([llm.getModel("claude-sonnet-4.5").modelId, llm.getModel("gemini-2.5-flash").modelId, claude, String(llm.getModel("gpt-5.5")), llm.getEmbeddingModel("3-small").modelId, mcp({ url: "http://127.0.0.1:9/mcp" }) instanceof llm.Toolbox, McpError.code]));`,
    );
    const { code, stdout, stderr } = await node("node.mjs", { OPENAI_BASE_URL: baseUrl });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [first, second, third] = stdout.trim().split("\n");
    expect(JSON.parse(first!)).toEqual({ echo: "hi", missing: "needs_key" });
    expect(JSON.parse(second!)).toEqual(["Hello ", "from the mock"]);
    // The provider subpaths resolve from the installed package and share the core's registry and settings.
    expect(JSON.parse(third!)).toEqual([
      "anthropic/claude-sonnet-4-5",
      "gemini/gemini-2.5-flash",
      expect.stringContaining('llm.setKey("anthropic", ...)'),
      "OpenAI Responses: gpt-5.5",
      // Embeddings from the core, and MCP from its own subpath, as a toolbox of the same core.
      "text-embedding-3-small",
      true,
      "mcp_error",
    ]);
  }, 60_000);

  it("the storage subpaths work from the installed package: fs logs survive a restart", async () => {
    writeFileSync(
      join(project, "storage.mjs"),
      `import * as llm from "llm-anywhere";
import { createFsStorage } from "llm-anywhere/storage/fs";
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";
import { createCloudflareKVStorage } from "llm-anywhere/storage/cloudflare-kv";
const dir = process.argv[2];
await llm.configure({ storage: createFsStorage({ dir }), log: true });
if (process.argv[3] === "first") {
  const conversation = llm.getModel("echo").conversation();
  await conversation.prompt("remember me").text();
  await llm.setKey("openai", "sk-stored");
  console.log(conversation.id);
} else {
  const loaded = await llm.loadConversation(process.argv[3]);
  const answer = JSON.parse(await loaded.prompt("and now?").text());
  const idb = await createIndexedDBStorage().get("x").catch((error) => error.code);
  console.log(JSON.stringify({ previous: answer.previous, keys: await llm.listKeys(), idb, kv: typeof createCloudflareKVStorage }));
}`,
    );
    const dir = join(project, "user-dir");
    const first = await node("storage.mjs", {}, [dir, "first"]);
    expect(first.stderr).toBe("");
    const second = await node("storage.mjs", {}, [dir, first.stdout.trim()]);
    expect(second.stderr).toBe("");
    expect(JSON.parse(second.stdout)).toEqual({ previous: [{ prompt: "remember me" }], keys: ["openai"], idb: "storage_error", kv: "function" });
  }, 60_000);

  it("bundles for the browser with no Node code, and that bundle runs", async () => {
    writeFileSync(
      join(project, "browser.mjs"),
      `import * as llm from "llm-anywhere";
await llm.configure({ env: { OPENAI_BASE_URL: globalThis.BASE_URL } });
const text = await llm.getModel("gpt-4o-mini").prompt("hi", { key: "sk-typed" }).text();
const missing = await llm.getModel("gpt-4o-mini").prompt("hi").text().catch((error) => error.code);
console.log(JSON.stringify({ text, missing }));`,
    );
    const result = await build({
      entryPoints: [join(project, "browser.mjs")],
      absWorkingDir: project,
      bundle: true,
      format: "esm",
      platform: "browser",
      minify: true,
      write: false,
      metafile: true,
    });
    const code = result.outputFiles[0]!.text;
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes("runtime.node"))).toBe(false);
    expect(inputs.some((input) => input.includes("runtime/runtime.js"))).toBe(true);
    expect(code).not.toMatch(/\bprocess\.env\b|\bBuffer\b|node:/);
    writeFileSync(join(project, "bundle.mjs"), `globalThis.BASE_URL = ${JSON.stringify(baseUrl)};\n${code}`);
    // The browser bundle reads no environment, even where one exists.
    const { stdout, stderr } = await node("bundle.mjs", { OPENAI_API_KEY: "sk-should-not-be-read" });
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual({ text: "Hello from the mock", missing: "needs_key" });
  }, 60_000);

  it("ships types that a strict TypeScript project compiles against", () => {
    writeFileSync(
      join(project, "typed.ts"),
      `import * as llm from "llm-anywhere";
import type { ModelAdapter, StreamPart, Usage } from "llm-anywhere";
import { createAnthropicModel } from "llm-anywhere/anthropic";
import { registerGemini } from "llm-anywhere/gemini";
import { createFsStorage } from "llm-anywhere/storage/fs";
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";
import { createCloudflareKVStorage, type KVNamespaceLike } from "llm-anywhere/storage/cloudflare-kv";
llm.registerModels(registerGemini);
declare const kv: KVNamespaceLike;
const storages: llm.Storage[] = [createFsStorage({ dir: "x" }), createIndexedDBStorage({ dbName: "d" }), createCloudflareKVStorage(kv, { prefix: "app/" })];
const logged: Promise<llm.LogEntry[]> = llm.logs.list({ limit: 5 });
const claude: ModelAdapter<any> = createAnthropicModel({ modelId: "claude-x" });
const response: llm.Response = llm.getModel("gpt-4o-mini").prompt("hi", { system: "s", options: { temperature: 1 } });
const usage: Promise<Usage> = response.usage();
const stream: ReadableStream<string> = response.textStream;
const adapter: ModelAdapter = { modelId: "x", execute: () => new ReadableStream<StreamPart>() };
llm.registerModels((register) => register(adapter, { aliases: ["y"] }));
export { usage, stream, claude, storages, logged };`,
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], noEmit: true, skipLibCheck: false, types: [] },
        files: ["typed.ts"],
      }),
    );
    const tsc = spawnSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-p", project], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 120_000);
});
