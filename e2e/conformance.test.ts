/**
 * The conformance subset (`e2e/conformance/conformance.ts`) under real Deno and
 * Bun (the npm packages `deno` and `bun`) and, for comparison, under the
 * system Node through tsx: one vitest case per runtime and check, so a
 * failure names both. Then the Deno and Bun examples, without a key (echo)
 * and with one (against a local stand-in for the OpenAI API).
 *
 * Every runtime resolves `llm-anywhere` through package.json's self-reference
 * with the `llm-anywhere:source` condition, so it runs src/ as it is (no build,
 * no race with the packed-package test, which rebuilds dist/), and `#runtime`
 * picks what that runtime picks: Deno the `deno` branch (Deno.env), Bun and
 * Node the `node` branch (process.env).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const source = "--conditions=llm-anywhere:source";
const script = "e2e/conformance/conformance.ts";
/** What the script expects to find as OPENAI_API_KEY (see conformance.ts). */
const envKey = "sk-conformance-env-key";
const runTimeoutMs = 120_000;

/** The checks the script reports, in order; a check added there must be added here. */
const checks = [
  "import llm-anywhere and llm-anywhere/storage/fs",
  "echo: text() is the JSON of what was asked",
  "echo: streaming iteration yields chunks that make the text",
  "fixture: read the recorded OpenAI stream",
  "openai replay: the whole body in one chunk",
  "openai replay: split into 1-byte chunks",
  "openai replay: split at random byte boundaries (seeds 1-5)",
  "echo tool chain: the tool runs and its result is sent back",
  "storage memory: set/get/keys/delete",
  "storage memory: setKey/listKeys",
  "storage memory: log a conversation, loadConversation continues it",
  "storage fs: set/get/keys/delete",
  "storage fs: setKey/listKeys",
  "storage fs: log a conversation, loadConversation continues it",
  "keys: OPENAI_API_KEY from the runtime's environment is sent",
];

interface Runtime {
  name: string;
  command: string;
  /** Arguments before the script path. */
  args: string[];
}

// Deno gets no --allow-net: every request goes to an injected fetch, and a real
// one would fail the check instead of reaching the network.
const runtimes: Runtime[] = [
  { name: "deno", command: bin("deno"), args: ["run", "--allow-read", "--allow-write", "--allow-env", source] },
  { name: "bun", command: bin("bun"), args: [source] },
  { name: "node", command: process.execPath, args: [source, "--import", "tsx"] },
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const tempDirs: string[] = [];

/** A fresh temporary directory, removed after the file's tests. */
function freshDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** The parent's environment without anything that could reach a real provider or the user's llm directory. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(OPENAI|ANTHROPIC|GEMINI|LLM)_/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

function run(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd: root, env, encoding: "utf8", timeout: runTimeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

interface Report {
  runtime: string;
  results: Array<{ name: string; ok: boolean; error?: string }>;
}

/** The script's JSON line (its last line of output), or an error that shows what it printed instead. */
function parseReport(outcome: Run): Report {
  const line = outcome.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as Report;
  } catch {
    throw new Error(`no JSON report (exit code ${outcome.code})\nstdout:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`);
  }
}

const reports = new Map<string, Promise<Run>>();

beforeAll(() => {
  for (const runtime of runtimes) {
    // Each run gets its own TMPDIR, so the fs storage directory it makes is removed with it even if it crashes.
    const env = childEnv({ OPENAI_API_KEY: envKey, TMPDIR: freshDir(`llm-anywhere-conformance-${runtime.name}-`) });
    reports.set(runtime.name, run(runtime.command, [...runtime.args, script], env));
  }
});

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(runtimes.map((runtime) => [runtime.name, runtime] as const))("conformance under %s", (_name, runtime) => {
  it("the runtime is installed", () => {
    expect(existsSync(runtime.command), `${runtime.command} is missing: run npm install`).toBe(true);
  });

  it(
    "runs the script, exits 0 and reports exactly the expected checks",
    async () => {
      const outcome = await reports.get(runtime.name)!;
      const report = parseReport(outcome);
      expect(outcome.code, outcome.stderr).toBe(0);
      expect(report.runtime.split(" ")[0]).toBe(runtime.name);
      expect(report.results.map((result) => result.name)).toEqual(checks);
    },
    runTimeoutMs,
  );

  it.each(checks)(
    "%s",
    async (name) => {
      const report = parseReport(await reports.get(runtime.name)!);
      const result = report.results.find((candidate) => candidate.name === name);
      expect(result, `${runtime.name} did not report "${name}"`).toBeDefined();
      if (!result!.ok) throw new Error(`${runtime.name} (${report.runtime}): ${name}\n${result!.error}`);
    },
    runTimeoutMs,
  );
});

describe("Deno with env permission for named variables only", () => {
  // node:os tmpdir() reads TMPDIR, TMP and TEMP; the SDK should need OPENAI_API_KEY only.
  const allowEnv = "--allow-env=OPENAI_API_KEY,TMPDIR,TMP,TEMP";
  let narrow: Promise<Run>;
  beforeAll(() => {
    const env = childEnv({ OPENAI_API_KEY: envKey, TMPDIR: freshDir("llm-anywhere-conformance-deno-env-") });
    narrow = run(bin("deno"), ["run", "--allow-read", "--allow-write", allowEnv, source, script], env);
  });
  const keysCheck = checks.at(-1)!;

  it(
    `${allowEnv}: every check passes`,
    async () => {
      const report = parseReport(await narrow);
      expect(report.results.map((result) => result.name)).toEqual(checks);
      for (const result of report.results) if (result.name !== keysCheck && !result.ok) throw new Error(`${result.name}\n${result.error}`);
    },
    runTimeoutMs,
  );

  // Deno.env is read one variable at a time, so a key the script may read is found.
  it(
    `${allowEnv}: ${keysCheck}`,
    async () => {
      const result = parseReport(await narrow).results.find((candidate) => candidate.name === keysCheck);
      if (!result?.ok) throw new Error(result?.error ?? "not reported");
    },
    runTimeoutMs,
  );
});

/** A stand-in for the OpenAI API: plain text without tools; with tools, a call to `upper`, then text once a tool result is back. */
function startMock(): Promise<{ server: Server; baseUrl: string; requests: Array<{ headers: IncomingHttpHeaders; body: any }> }> {
  const requests: Array<{ headers: IncomingHttpHeaders; body: any }> = [];
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini-2024-07-18", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const usage = `data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini-2024-07-18", choices: [], usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 } })}\n\n`;
  const server = createServer((request, response) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (data: string) => (text += data));
    request.on("end", () => {
      const body = JSON.parse(text || "{}");
      requests.push({ headers: request.headers, body });
      const messages: Array<{ role: string }> = body.messages ?? [];
      let events: string[];
      if (!body.tools) events = [chunk({ role: "assistant", content: "" }), chunk({ content: "Mock " }), chunk({ content: "pelican names" }), chunk({}, "stop")];
      else if (!messages.some((message) => message.role === "tool"))
        events = [
          chunk({ role: "assistant", tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "upper", arguments: "" } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"text":' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '"panda"}' } }] }),
          chunk({}, "tool_calls"),
        ];
      else events = [chunk({ role: "assistant", content: "" }), chunk({ content: "It is PANDA." }), chunk({}, "stop")];
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(`${events.join("")}${usage}data: [DONE]\n\n`);
    });
  });
  return new Promise((ready) =>
    server.listen(0, "127.0.0.1", () => ready({ server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests })),
  );
}

// Deno may reach only the host given (the real API in the README's command, the stand-in here).
const examples = [
  { name: "deno", command: bin("deno"), args: (host: string) => ["run", "--allow-env", `--allow-net=${host}`, source, "examples/deno/main.ts"] },
  { name: "bun", command: bin("bun"), args: (_host: string) => [source, "examples/bun/main.ts"] },
];

describe.each(examples.map((example) => [example.name, example] as const))("examples/%s/main.ts", (_name, example) => {
  it(
    "without a key: says it uses echo, streams the echoed prompt, runs the upper tool chain",
    async () => {
      const outcome = await run(example.command, [...example.args("api.openai.com"), "Hello from the test"], childEnv({}));
      expect(outcome.stderr).toContain("OPENAI_API_KEY is not set, so this uses the echo model");
      expect(outcome.code, outcome.stderr).toBe(0);
      const [answer, chain] = outcome.stdout.split("\n\n");
      expect(JSON.parse(answer!)).toEqual({ prompt: "Hello from the test", system: "Answer in a few short lines.", attachments: [], stream: true, previous: [] });
      expect(chain).toContain('[tool] upper({"text":"panda"}) -> PANDA');
      expect(outcome.stdout).toMatch(/"tool_results": \[\s*\{\s*"name": "upper",\s*"output": "PANDA"/);
    },
    runTimeoutMs,
  );

  it(
    "with a key: prompts gpt-4o-mini (a local stand-in via OPENAI_BASE_URL) and runs the chain",
    async () => {
      const mock = await startMock();
      try {
        const host = new URL(mock.baseUrl).host;
        const outcome = await run(
          example.command,
          example.args(host),
          childEnv({ OPENAI_API_KEY: "sk-example-key", OPENAI_BASE_URL: mock.baseUrl }),
        );
        expect(outcome.code, outcome.stderr).toBe(0);
        expect(outcome.stderr).not.toContain("OPENAI_API_KEY is not set");
        expect(outcome.stderr).toContain("[gpt-4o-mini, 12 tokens in, 5 out]");
        expect(outcome.stdout).toContain("Mock pelican names\n\n");
        expect(outcome.stdout).toContain('[tool] upper({"text":"panda"}) -> PANDA');
        expect(outcome.stdout).toContain("It is PANDA.");
        expect(mock.requests).toHaveLength(3);
        expect(mock.requests.map((request) => request.headers.authorization)).toEqual(Array(3).fill("Bearer sk-example-key"));
        expect(mock.requests[2]!.body.messages.at(-1)).toMatchObject({ role: "tool", content: "PANDA", tool_call_id: "call_1" });
      } finally {
        await new Promise<void>((done) => mock.server.close(() => done()));
      }
    },
    runTimeoutMs,
  );
});
