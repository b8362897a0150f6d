// Manual check: the README's Worker snippet in real workerd (through miniflare).
//
//   node scripts/check-worker.mjs            bundles dist/ (rebuilt first when src/ is newer)
//   node scripts/check-worker.mjs --source   bundles src/ through the llm-anywhere:source condition
//
// Bundles a Worker module that does `import * as llm from "llm-anywhere"` with
// esbuild the way wrangler does (platform browser, conditions workerd,worker,browser;
// no nodejs_compat flag), runs it in workerd, and dispatches requests for the
// `echo` model and for `gpt-4o-mini` against a local mock OpenAI server on
// 127.0.0.1 (OPENAI_BASE_URL and OPENAI_API_KEY come from the Worker's env,
// one SSE event every 25 ms). Prints each body chunk as it arrives, and
// exits 1 if a request fails, the mock's text comes back altered, or the
// streamed body arrives in a single piece when the request asks for no compression.
// (With `accept-encoding: gzip`, as browsers send, workerd compresses the text/plain
// body and it arrives at the end in one piece; that case is shown, not checked.)
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { expectedText } from "./bench/openai-stream.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const useSource = process.argv.includes("--source");
const CHUNKS = 12;
const DELAY_MS = 25; // between SSE events, so chunks cannot coalesce
const hardStop = setTimeout(() => {
  console.error("check-worker: timed out after 90 s");
  process.exit(1);
}, 90_000);

const workerSource = `
import * as llm from "llm-anywhere";

export default {
  async fetch(request, env) {
    await llm.configure({ env });
    const url = new URL(request.url);
    const r = llm.getModel(url.searchParams.get("model") ?? "echo").prompt(url.searchParams.get("prompt") ?? "hi");
    return new Response(r.textStream.pipeThrough(new TextEncoderStream()), {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  },
};
`;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
if (!useSource) {
  let stale = true;
  try {
    stale = statSync(join(root, "dist/index.js")).mtimeMs < newestMtime(join(root, "src"));
  } catch {}
  if (stale) {
    console.log("dist/ is missing or older than src/: npm run build");
    const built = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], timeout: 180_000 });
    if (built.status !== 0) process.exit(1);
  }
}

// 1. Bundle as wrangler would.
const bundled = await build({
  stdin: { contents: workerSource, resolveDir: root, sourcefile: "worker.js", loader: "js" },
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
  const response = await mf.dispatchFetch(`http://worker.local/?model=${model}&prompt=hi`, {
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
  await check("echo", "identity");
  await check("gpt-4o-mini", "identity", expectedText(CHUNKS));
  // What browsers send. workerd then gzips the compressible text/plain body and the
  // client sees it only at the end; reported, because it is the snippet's behaviour
  // behind compression, not the SDK's (a `content-encoding: identity` response header avoids it).
  await check("gpt-4o-mini", "gzip, deflate, br", expectedText(CHUNKS), { mustStream: false });
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
