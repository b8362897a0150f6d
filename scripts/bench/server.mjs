// Mock OpenAI streaming server for `npm run bench` (and scripts/check-worker.mjs).
//
//   node scripts/bench/server.mjs [--port 0] [--exit-with-stdin]   prints "LISTENING <port>"
//
// POST /n/<n>/v1/chat/completions (or /v1/chat/completions, n = 1000): streams
// the deterministic payload of openai-stream.mjs in ~64 KiB writes, honouring
// backpressure. Requires `Authorization: Bearer sk-mock` and `"stream": true`,
// answering 401/400 with an OpenAI-style error body otherwise.
// Optional path segments before /v1: /e/<events-per-write>/ sends that many events
// per write with a macrotask between writes (a token-by-token stream), and
// /d/<ms>/ waits that long between those writes (a model that takes its time).
// GET /prebuild/<n> builds and caches a payload before it is measured.
// Binds 127.0.0.1 only.
import { createServer } from "node:http";
import { ssePayload } from "./openai-stream.mjs";

const portArg = process.argv.indexOf("--port");
const port = portArg === -1 ? 0 : Number(process.argv[portArg + 1]);
const WRITE_BYTES = 64 * 1024;
const cache = new Map();

function payload(n, usage) {
  const key = `${n}:${usage}`;
  let value = cache.get(key);
  if (!value) {
    const buffer = ssePayload(n, 1, { usage });
    // Event boundaries, so paced mode can cut per event.
    const ends = [];
    for (let i = buffer.indexOf("\n\n"); i !== -1; i = buffer.indexOf("\n\n", i + 2)) ends.push(i + 2);
    value = { buffer, ends };
    if (cache.size > 4) cache.clear();
    cache.set(key, value);
  }
  return value;
}

function fail(res, status, message, type) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message, type, param: null, code: null } }));
}

const writeAll = (res, chunk) => (res.write(chunk) ? undefined : new Promise((resolve) => res.once("drain", resolve)));
const macrotask = () => new Promise((resolve) => setImmediate(resolve));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function stream(res, { buffer, ends }, eventsPerWrite, delayMs) {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  if (eventsPerWrite > 0) {
    let start = 0;
    for (let i = eventsPerWrite - 1; start < buffer.length; i += eventsPerWrite) {
      const end = ends[Math.min(i, ends.length - 1)];
      await writeAll(res, buffer.subarray(start, end));
      start = end;
      await (delayMs > 0 ? sleep(delayMs) : macrotask());
      if (res.destroyed) return;
    }
  } else {
    for (let start = 0; start < buffer.length; start += WRITE_BYTES) {
      await writeAll(res, buffer.subarray(start, start + WRITE_BYTES));
      if (res.destroyed) return;
    }
  }
  res.end();
}

const route = /^\/(?:n\/(\d+)\/)?(?:e\/(\d+)\/)?(?:d\/(\d+)\/)?v1\/chat\/completions$/;

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, "http://127.0.0.1");
    const prebuild = /^\/prebuild\/(\d+)$/.exec(url.pathname);
    if (req.method === "GET" && prebuild) {
      const { buffer } = payload(Number(prebuild[1]), true);
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ bytes: buffer.length }));
    }
    const match = route.exec(url.pathname);
    if (req.method !== "POST" || !match) return fail(res, 404, `No route ${req.method} ${url.pathname}`, "invalid_request_error");
    let body = "";
    for await (const part of req) body += part;
    if (req.headers.authorization !== "Bearer sk-mock") {
      return fail(res, 401, "Incorrect API key provided.", "invalid_request_error");
    }
    let request;
    try {
      request = JSON.parse(body);
    } catch {
      return fail(res, 400, "The request body is not valid JSON.", "invalid_request_error");
    }
    if (request.stream !== true) return fail(res, 400, "This mock only streams: send stream: true.", "invalid_request_error");
    const n = match[1] === undefined ? 1000 : Number(match[1]);
    const eventsPerWrite = match[2] === undefined ? 0 : Number(match[2]);
    const delayMs = match[3] === undefined ? 0 : Math.min(Number(match[3]), 10_000);
    await stream(res, payload(n, request.stream_options?.include_usage === true), eventsPerWrite || (delayMs ? 1 : 0), delayMs);
  } catch (error) {
    if (!res.headersSent) fail(res, 500, String(error?.message ?? error), "server_error");
    else res.destroy();
  }
});

server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
// --exit-with-stdin: stop when the parent goes away (its pipe to our stdin closes).
if (process.argv.includes("--exit-with-stdin")) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}
process.on("SIGTERM", () => process.exit(0));
