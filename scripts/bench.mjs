// Streaming overhead benchmark (`npm run bench`): llm-anywhere vs a hand-written
// fetch + TextDecoder + "\n" split + JSON.parse loop, against a local mock
// OpenAI server, in the same run. Reports against DESIGN.md section 6; the
// budgets are reported, not enforced. Exits 1 only when a client fails or
// returns text that differs from what the server sent.
//
//   npm run bench
//   node scripts/bench.mjs --n 100000 --reps 3 --import-reps 5 --json .bench/bench.json
//   node scripts/bench.mjs --paced 1      one SSE event per write (token-by-token stream)
//   node scripts/bench.mjs --no-build     measure dist/ as it is
//
// Each (client, rep) runs in a fresh `node --expose-gc scripts/bench/client.mjs`
// process, clients interleaved A B A B ...; the mock server runs in its own
// process (the other core), bound to 127.0.0.1. Everything is bounded: every
// child is killed after --timeout seconds and the loop stops after --max-minutes.
// The SDK is imported as a user would (`import("llm-anywhere")`, the package's
// self-reference to dist/), so dist/ is rebuilt first when src/ is newer.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { distIsStale, ensureDist } from "./lib/ensure-dist.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const count = (text) => Number(String(text).replace(/k$/i, "000"));
const config = {
  n: count(option("--n", "100000")),
  reps: Number(option("--reps", "3")),
  warmup: Number(option("--warmup", "20")),
  importReps: Number(option("--import-reps", "5")),
  timeoutMs: Number(option("--timeout", "120")) * 1000,
  maxMinutes: Number(option("--max-minutes", "15")),
  eventsPerWrite: Number(option("--paced", "0")),
  clients: option("--clients", "raw,llm-anywhere").split(","),
  baseline: "raw",
  build: !args.includes("--no-build"),
  json: option("--json", null),
};
const BUDGET = { cpuRatio: [1.3, 1.6], rssRatio: [1.05, 1.2], importMs: [10, 30] }; // [goal, budget]
const deadline = Date.now() + config.maxMinutes * 60_000;
const log = (...parts) => console.error(...parts);

// --- dist/ must be current: the children import the built package.
if (!config.build && distIsStale()) {
  log("bench: dist/ is missing or older than src/; run `npm run build` or drop --no-build.");
  process.exit(1);
}
if (!ensureDist(log)) {
  log("bench: the build failed");
  process.exit(1);
}

// --- child processes, each with a hard timeout.
const children = new Set();
function killAll() {
  for (const child of children) child.kill("SIGKILL");
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

function runChild(argv, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\nkilled after ${timeoutMs} ms`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(child);
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      const result = line ? JSON.parse(line.slice(7)) : { ok: false, error: `no result (exit ${code})` };
      if (code !== 0 && result.ok) result.ok = false;
      if (!result.ok) result.stderr = stderr.trim().slice(-2000);
      resolve(result);
    });
  });
}

function startServer() {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, [join(root, "scripts/bench/server.mjs"), "--exit-with-stdin"], { stdio: ["pipe", "pipe", "inherit"] });
    children.add(server);
    const timer = setTimeout(() => reject(new Error("the mock server did not start within 10 s")), 10_000);
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ server, origin: `http://127.0.0.1:${m[1]}` });
      }
    });
    server.on("exit", (code) => reject(new Error(`the mock server exited (${code})`)));
  });
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === "number").sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fixed = (value, digits = 1) => (value === null || value === undefined ? "-" : value.toFixed(digits));
const verdict = (value, [goal, budget]) =>
  value === null ? "n/a" : value <= goal ? "goal met" : value <= budget ? "within budget, above goal" : "OVER BUDGET";

// --- run.
const { origin } = await startServer();
const prebuild = await fetch(`${origin}/prebuild/${config.n}`).then((r) => r.json());
log(`bench: mock server ${origin}, ${config.n} chunks = ${(prebuild.bytes / 2 ** 20).toFixed(1)} MiB per response, ${config.eventsPerWrite ? `${config.eventsPerWrite} event(s) per write` : "~64 KiB writes"}`);
const samples = Object.fromEntries(config.clients.map((c) => [c, []]));
const failures = [];
let partial = false;
outer: for (let rep = 0; rep < config.reps; rep++) {
  for (const client of config.clients) {
    if (Date.now() > deadline) {
      partial = true;
      break outer;
    }
    const job = { client, origin, n: config.n, warmup: config.warmup, eventsPerWrite: config.eventsPerWrite };
    const result = await runChild(["--expose-gc", join(root, "scripts/bench/client.mjs"), "run", JSON.stringify(job)], config.timeoutMs);
    log(`  rep ${rep + 1}/${config.reps} ${client.padEnd(14)} ${result.ok ? `cpu ${fixed(result.cpuMs, 0)} ms, wall ${fixed(result.wallMs, 0)} ms, rss ${fixed(result.maxRssMB, 0)} MB` : `FAILED: ${result.error}`}`);
    if (result.ok) samples[client].push(result);
    else failures.push({ client, rep, ...result });
  }
}

const importSamples = [];
for (let i = 0; i < config.importReps && Date.now() < deadline; i++) {
  const result = await runChild([join(root, "scripts/bench/client.mjs"), "import", "llm-anywhere"], config.timeoutMs);
  if (result.ok) importSamples.push(result);
  else failures.push({ client: "import llm-anywhere", ...result });
}
// For context: the floor, and each dependency the built core imports (what the import spends its time on).
function bareImports(dir, found = new Set()) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) bareImports(path, found);
    else if (entry.name.endsWith(".js")) {
      for (const m of readFileSync(path, "utf8").matchAll(/^(?:import|export)\b[^"'\n]*?from\s*["']([^"'.#/][^"']*)["']|^import\s*["']([^"'.#/][^"']*)["']/gm)) {
        const specifier = m[1] ?? m[2];
        if (!specifier.startsWith("node:")) found.add(specifier);
      }
    }
  }
  return found;
}
const contextImports = {};
for (const specifier of ["node:http", ...bareImports(join(root, "dist"))]) {
  const times = [];
  for (let i = 0; i < config.importReps && Date.now() < deadline; i++) {
    const result = await runChild([join(root, "scripts/bench/client.mjs"), "import", specifier], config.timeoutMs);
    if (result.ok) times.push(result.importMs);
  }
  contextImports[specifier] = median(times);
}

// --- report.
const rows = config.clients.map((client) => {
  const s = samples[client];
  const cpu = median(s.map((r) => r.cpuMs));
  return {
    client,
    runs: s.length,
    wallMs: median(s.map((r) => r.wallMs)),
    cpuMs: cpu,
    cpuMin: s.length ? Math.min(...s.map((r) => r.cpuMs)) : null,
    cpuMax: s.length ? Math.max(...s.map((r) => r.cpuMs)) : null,
    usPerChunk: cpu === null ? null : (cpu * 1000) / config.n,
    ttftMs: median(s.map((r) => r.ttftMs)),
    coldTtftMs: median(s.map((r) => r.coldTtftMs)),
    importMs: median(s.map((r) => r.importMs)),
    maxRssMB: median(s.map((r) => r.maxRssMB)),
  };
});
const base = rows.find((r) => r.client === config.baseline);
for (const row of rows) {
  row.cpuRatio = base?.cpuMs && row.cpuMs !== null ? row.cpuMs / base.cpuMs : null;
  row.wallRatio = base?.wallMs && row.wallMs !== null ? row.wallMs / base.wallMs : null;
  row.rssRatio = base?.maxRssMB && row.maxRssMB !== null ? row.maxRssMB / base.maxRssMB : null;
}
const sdk = rows.find((r) => r.client === "llm-anywhere");
const importMs = median(importSamples.map((r) => r.importMs));

console.log(`\n## Streaming overhead, ${config.n} chunks, ${config.eventsPerWrite ? `paced (${config.eventsPerWrite} event/write)` : "bulk (~64 KiB writes)"}, median of ${config.reps} fresh processes per client (Node ${process.version})\n`);
console.log("| client | runs | wall ms | CPU ms [min-max] | µs CPU/chunk | TTFT ms (warm) | TTFT ms (cold) | peak RSS MB | CPU × | wall × | RSS × |");
console.log("| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |");
for (const r of rows) {
  console.log(`| ${r.client} | ${r.runs} | ${fixed(r.wallMs, 0)} | ${fixed(r.cpuMs, 0)} [${fixed(r.cpuMin, 0)}-${fixed(r.cpuMax, 0)}] | ${fixed(r.usPerChunk, 2)} | ${fixed(r.ttftMs, 2)} | ${fixed(r.coldTtftMs, 1)} | ${fixed(r.maxRssMB, 0)} | ${fixed(r.cpuRatio, 2)}× | ${fixed(r.wallRatio, 2)}× | ${fixed(r.rssRatio, 2)}× |`);
}
console.log(`\nCold import of "llm-anywhere" (dist/, fresh process, median of ${importSamples.length}): ${fixed(importMs, 1)} ms`);
console.log(`  for context, alone in a fresh process: ${Object.entries(contextImports).map(([s, ms]) => `${s} ${fixed(ms, 1)} ms`).join(", ")}`);
console.log("\n| budget (DESIGN.md §6) | measured | goal | budget | verdict |");
console.log("| --- | --: | --: | --: | --- |");
console.log(`| CPU per chunk vs raw loop | ${fixed(sdk?.cpuRatio, 2)}× | ${BUDGET.cpuRatio[0]}× | ${BUDGET.cpuRatio[1]}× | ${verdict(sdk?.cpuRatio ?? null, BUDGET.cpuRatio)} |`);
console.log(`| peak RSS vs raw loop | ${fixed(sdk?.rssRatio, 2)}× | ${BUDGET.rssRatio[0]}× | ${BUDGET.rssRatio[1]}× | ${verdict(sdk?.rssRatio ?? null, BUDGET.rssRatio)} |`);
console.log(`| cold import of the core entry | ${fixed(importMs, 1)} ms | ${BUDGET.importMs[0]} ms | ${BUDGET.importMs[1]} ms | ${verdict(importMs, BUDGET.importMs)} |`);
if (partial) console.log(`\nPARTIAL: stopped after --max-minutes ${config.maxMinutes}.`);
for (const f of failures) console.log(`\nFAILED ${f.client}${f.rep !== undefined ? ` rep ${f.rep + 1}` : ""}: ${f.error}\n${f.stderr ?? ""}`);

if (config.json) {
  mkdirSync(dirname(config.json), { recursive: true });
  writeFileSync(config.json, JSON.stringify({ config, node: process.version, rows, importMs, contextImports, samples, importSamples, failures, partial }, null, 2));
}
process.exit(failures.length ? 1 : 0);
