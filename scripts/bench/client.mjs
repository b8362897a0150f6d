// One benchmark measurement in a fresh process; prints one line "RESULT {json}".
//
//   node --expose-gc scripts/bench/client.mjs run '{"client":"llm-anywhere","origin":"http://127.0.0.1:PORT","n":100000,"warmup":20}'
//   node scripts/bench/client.mjs import llm-anywhere
//
// "run": imports the client's code (timed), makes a small warm-up request (the
// first request in a process pays for fetch/undici initialisation), collects
// garbage, then measures CPU (process.cpuUsage), wall time and time to first
// chunk around the measured request, reads the process's peak RSS, and only
// then checks the text byte for byte against the generator (exit 2 on mismatch).
import { performance } from "node:perf_hooks";
import { expectedText } from "./openai-stream.mjs";

const PROMPT = "Write a long answer.";
const [mode, arg] = process.argv.slice(2);
const out = (value) => process.stdout.write(`RESULT ${JSON.stringify(value)}\n`);

if (mode === "import") {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await import(arg);
  const c = process.cpuUsage(c0);
  out({ ok: true, specifier: arg, importMs: performance.now() - t0, importCpuMs: (c.user + c.system) / 1000 });
  process.exit(0);
}

/** Each client: `load()` is timed as the import, `run()` streams and returns the text. */
const clients = {
  /** The SDK as a user writes it. Resolves the package's own dist/ (self-reference). */
  "llm-anywhere": {
    async load() {
      return import("llm-anywhere");
    },
    async run(llm, { baseURL, onFirst }) {
      await llm.configure({ env: { OPENAI_BASE_URL: baseURL } });
      const response = llm.getModel("gpt-4o-mini").prompt(PROMPT, { key: "sk-mock" });
      let text = "";
      for await (const chunk of response) {
        if (text === "") onFirst();
        text += chunk;
      }
      return text;
    },
  },
  /** Baseline: fetch + one streaming TextDecoder + hand-written "\n" split + JSON.parse. */
  raw: {
    async load() {},
    async run(_, { baseURL, onFirst }) {
      let text = "";
      await rawEvents(baseURL, new TextDecoder(), (data) => {
        const delta = JSON.parse(data).choices[0]?.delta;
        if (delta?.content) {
          if (text === "") onFirst();
          text += delta.content;
        }
      });
      return text;
    },
  },
};

/** POSTs the chat request and calls onData with each `data:` payload except [DONE]. */
async function rawEvents(baseURL, decoder, onData) {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-mock" },
    body: JSON.stringify({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: PROMPT }],
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const reader = response.body.getReader();
  let buffer = "";
  let data = null;
  const line = (text, start, end) => {
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (end === start) {
      if (data !== null && data !== "[DONE]") onData(data);
      data = null;
    } else if (text.startsWith("data:", start)) {
      const value = text.slice(start + (text.charCodeAt(start + 5) === 32 ? 6 : 5), end);
      data = data === null ? value : `${data}\n${value}`;
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    let start = 0;
    for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n", start)) {
      line(buffer, start, nl);
      start = nl + 1;
    }
    buffer = start === buffer.length ? "" : buffer.slice(start);
    if (done) break;
  }
  if (buffer) line(buffer, 0, buffer.length);
  if (data !== null && data !== "[DONE]") onData(data);
}

if (mode !== "run") {
  console.error("usage: client.mjs run '<json>' | import <specifier>");
  process.exit(64);
}
const job = JSON.parse(arg);
const client = clients[job.client];
if (!client) {
  console.error(`unknown client ${job.client}; known: ${Object.keys(clients).join(", ")}`);
  process.exit(64);
}
const baseFor = (n) => `${job.origin}/n/${n}/${job.eventsPerWrite ? `e/${job.eventsPerWrite}/` : ""}v1`;

const ti = performance.now();
const loaded = await client.load();
const importMs = performance.now() - ti;

async function once(n) {
  let first = 0;
  const onFirst = () => {
    if (!first) first = performance.now();
  };
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const text = await client.run(loaded, { baseURL: baseFor(n), onFirst });
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { text, wallMs, cpuMs: (c.user + c.system) / 1000, ttftMs: first ? first - t0 : null };
}

function verify(n, text, label) {
  const want = expectedText(n);
  if (text === want) return;
  let i = 0;
  while (i < text.length && i < want.length && text[i] === want[i]) i++;
  const message = `${label}: text differs from what the server sent (got ${text.length} chars, want ${want.length}; first difference at ${i}: got ${JSON.stringify(text.slice(i, i + 20))}, want ${JSON.stringify(want.slice(i, i + 20))})`;
  console.error(`CORRECTNESS FAILURE ${message}`);
  out({ ok: false, error: message });
  process.exit(2);
}

try {
  let coldTtftMs = null;
  if (job.warmup > 0) {
    const warm = await once(job.warmup);
    verify(job.warmup, warm.text, `${job.client} warm-up`);
    coldTtftMs = warm.ttftMs;
  }
  const rssBeforeMB = process.memoryUsage().rss / 2 ** 20;
  const measured = await once(job.n);
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  verify(job.n, measured.text, job.client);
  out({
    ok: true,
    importMs,
    coldTtftMs,
    wallMs: measured.wallMs,
    cpuMs: measured.cpuMs,
    ttftMs: measured.ttftMs,
    rssBeforeMB,
    maxRssMB,
    chars: measured.text.length,
  });
  process.exit(0);
} catch (error) {
  console.error(error?.stack ?? error);
  out({ ok: false, error: String(error?.message ?? error) });
  process.exit(3);
}
