// Manual check: the README's Worker snippet, verbatim, in real workerd (through miniflare).
//
//   node scripts/check-worker.mjs            bundles dist/ (rebuilt first when src/ is newer)
//   node scripts/check-worker.mjs --source   bundles src/ through the llm-anywhere:source condition
//
// Takes the first ```ts block under "### In a Cloudflare Worker" in README.md,
// bundles it with esbuild the way wrangler does (platform browser, conditions
// workerd,worker,browser; no nodejs_compat flag), runs it in workerd, and sends it
// requests while a local mock OpenAI server on 127.0.0.1 streams one SSE event
// every 25 ms (OPENAI_BASE_URL and OPENAI_API_KEY come from the Worker's env).
// Prints each body chunk as it arrives, and exits 1 if a request fails, the
// mock's text comes back altered, or the body arrives in a single piece, with
// `accept-encoding: identity` and with `gzip, deflate, br` as browsers send.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { expectedText } from "./bench/openai-stream.mjs";
import { ensureDist } from "./lib/ensure-dist.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const useSource = process.argv.includes("--source");
const CHUNKS = 12;
const DELAY_MS = 25; // between SSE events, so chunks cannot coalesce
const hardStop = setTimeout(() => {
  console.error("check-worker: timed out after 90 s");
  process.exit(1);
}, 90_000);

// The README's Worker snippet, verbatim: the first ```ts block under "In a Cloudflare Worker".
const readme = readFileSync(join(root, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("### In a Cloudflare Worker"));
const workerSource = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
if (!workerSource) {
  console.error("check-worker: no ```ts block under \"### In a Cloudflare Worker\" in README.md");
  process.exit(1);
}

if (!useSource && !ensureDist()) process.exit(1);

// 1. Bundle as wrangler would.
const bundled = await build({
  stdin: { contents: workerSource, resolveDir: root, sourcefile: "worker.ts", loader: "ts" },
  bundle: true,
  write: false,
  metafile: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  conditions: useSource ? ["llm-anywhere:source", "workerd", "worker", "browser"] : ["workerd", "worker", "browser"],
  logLevel: "silent",
});
const script = bundled.outputFiles[0].text;
const inputs = Object.keys(bundled.metafile.inputs);
console.log(`bundle: ${(script.length / 1024).toFixed(1)} KiB from ${useSource ? "src/" : "dist/"}, ${inputs.length} inputs; Node runtime file included: ${inputs.some((p) => p.includes("runtime.node")) ? "YES (wrong)" : "no"}`);

// 2. The mock OpenAI server, one SSE event per write.
const server = spawn(process.execPath, [join(root, "scripts/bench/server.mjs"), "--exit-with-stdin"], { stdio: ["pipe", "pipe", "inherit"] });
const port = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = /LISTENING (\d+)/.exec(out);
    if (m) resolve(Number(m[1]));
  });
  server.on("exit", (code) => reject(new Error(`mock server exited (${code})`)));
});
const baseURL = `http://127.0.0.1:${port}/n/${CHUNKS}/e/1/d/${DELAY_MS}/v1`;

// 3. workerd.
const mf = new Miniflare({
  modules: true,
  script,
  compatibilityDate: "2026-04-01",
  bindings: { OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: "sk-mock" },
});

let failed = false;
async function check(model, acceptEncoding, expected, { mustStream = true } = {}) {
  const t0 = performance.now();
  const response = await mf.dispatchFetch(`http://worker.local/?prompt=hi`, {
    headers: { "accept-encoding": acceptEncoding },
  });
  console.log(`\n${model}, request accept-encoding: ${acceptEncoding}: HTTP ${response.status}, content-type ${response.headers.get("content-type")}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks++;
    const piece = decoder.decode(value, { stream: true });
    text += piece;
    console.log(`  chunk ${String(chunks).padStart(2)} at ${(performance.now() - t0).toFixed(1).padStart(6)} ms: ${value.length} bytes ${JSON.stringify(piece)}`);
  }
  text += decoder.decode();
  console.log(`  ${chunks} chunks, ${text.length} chars: ${JSON.stringify(text)}`);
  if (response.status !== 200) failed = true;
  if (expected !== undefined) {
    const same = text === expected;
    console.log(`  matches what the mock sent: ${same ? "yes" : "NO"}; arrived in chunks: ${chunks > 1 ? "yes" : "NO"}${mustStream ? "" : " (reported, not checked)"}`);
    if (!same || (mustStream && chunks < 2)) failed = true;
  }
}

try {
  await check("gpt-4o-mini", "identity", expectedText(CHUNKS));
  // What browsers send: the snippet's `content-encoding: identity` keeps workerd from
  // compressing the body, which would otherwise reach the client only at the end.
  await check("gpt-4o-mini", "gzip, deflate, br", expectedText(CHUNKS));
} catch (error) {
  failed = true;
  console.error("check-worker:", error?.stack ?? error);
} finally {
  await mf.dispose();
  server.kill();
  clearTimeout(hardStop);
}
console.log(failed ? "\nworker check FAILED" : "\nworker check passed");
process.exit(failed ? 1 : 0);
