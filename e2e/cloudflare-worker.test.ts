/**
 * examples/cloudflare-worker in real workerd (through miniflare), bundled as
 * wrangler bundles it, with a local KV namespace, and OpenAI traffic answered
 * by a local mock that replays a recorded stream one event at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFixtureCases, type FixtureCase } from "../test/helpers/fixtures.ts";
import { startWorkerd, type WorkerdInstance } from "../test/helpers/workerd.ts";
import type { KVNamespaceLike } from "../src/storage/cloudflare-kv.ts";
import { splitEvents, startMockOpenAI, type MockOpenAI } from "./helpers/mock-openai.ts";

const entry = "examples/cloudflare-worker/src/worker.ts";
const key = "sk-test";
const fixture: FixtureCase = (() => {
  const found = loadFixtureCases("openai", "chat-completions").find((candidate) => candidate.name === "text-stream-usage-gpt-4o-mini");
  if (!found) throw new Error("No fixture openai/chat-completions/text-stream-usage-gpt-4o-mini in ../shared/fixtures");
  return found;
})();
const fixtureText = fixture.facts.text as string;
/** 303 events: about 15 s at 50 ms an event, long enough to go away in the middle. */
const long: FixtureCase = loadFixtureCases("openai", "chat-completions").find((candidate) => candidate.name === "text-stream-long-gpt-4.1-nano")!;
/** The events that carry answer text: each one should reach the client as a chunk of its own. */
const textEvents = splitEvents(fixture.body).filter((event) => /"content":"[^"]/.test(event)).length;
const eventDelayMs = 50;
const firstPrompt = "What is 1231 * 2331?";

let mock: MockOpenAI;
/** With OPENAI_API_KEY (a secret in production; a plain binding here). */
let worker: WorkerdInstance;
/** Without OPENAI_API_KEY. */
let keyless: WorkerdInstance;

beforeAll(async () => {
  mock = await startMockOpenAI();
  mock.replay(fixture.body, eventDelayMs);
  [worker, keyless] = await Promise.all([
    startWorkerd(entry, { kv: ["LOGS"], bindings: { OPENAI_API_KEY: key, OPENAI_BASE_URL: mock.baseUrl }, timeoutMs: 90_000 }),
    startWorkerd(entry, { kv: ["LOGS"], bindings: { OPENAI_BASE_URL: mock.baseUrl }, timeoutMs: 90_000 }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([worker?.dispose(), keyless?.dispose()]);
  await mock?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What miniflare's dispatchFetch() answers (undici's Response, not the DOM's). */
type WorkerResponse = Awaited<ReturnType<WorkerdInstance["mf"]["dispatchFetch"]>>;

function post(target: WorkerdInstance, body: unknown, headers: Record<string, string> = {}) {
  return target.mf.dispatchFetch("http://worker.local/prompt", {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });
}

interface Timed {
  text: string;
  /** When each body chunk arrived, in ms after the request was sent. */
  arrivals: number[];
}

/** Reads a body chunk by chunk, noting when each arrives (and calling `onChunk`); fails after `limitMs`. */
async function readTimed(body: WorkerResponse["body"], sentAt: number, onChunk: (index: number) => void = () => {}, limitMs = 30_000): Promise<Timed> {
  if (!body) throw new Error("the response has no body");
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const arrivals: number[] = [];
  let text = "";
  const deadline = sentAt + limitMs;
  for (let reads = 0; reads < 10_000; reads++) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the body did not end within ${limitMs} ms`)), Math.max(0, deadline - performance.now()));
    });
    const { done, value } = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
    if (done) return { text: text + decoder.decode(), arrivals };
    arrivals.push(performance.now() - sentAt);
    text += decoder.decode(value, { stream: true });
    onChunk(arrivals.length - 1);
  }
  throw new Error("the body had more than 10,000 chunks");
}

/** Polls `check` every 50 ms until it returns something other than `undefined`, for at most `limitMs`. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, limitMs = 15_000): Promise<T> {
  const deadline = performance.now() + limitMs;
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const found = await check();
    if (found !== undefined) return found;
    if (performance.now() > deadline) break;
    await sleep(50);
  }
  throw new Error(`${what}: not seen within ${limitMs} ms`);
}

async function kvKeys(kv: KVNamespaceLike, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const listed = await kv.list({ prefix, cursor: cursor ?? null });
    names.push(...listed.keys.map((listedKey) => listedKey.name));
    if (listed.list_complete || !listed.cursor) return names;
    cursor = listed.cursor;
  }
  throw new Error("KV listed more than 100 pages");
}

/** The answer's JSON error, checked to be one and to carry no key. */
async function errorOf(response: WorkerResponse): Promise<{ code: string; message: string }> {
  expect(response.headers.get("content-type")).toContain("application/json");
  const text = await response.text();
  expect(text).not.toContain(key);
  const body = JSON.parse(text);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error.code).toBe("string");
  expect(typeof body.error.message).toBe("string");
  return body.error;
}

describe("examples/cloudflare-worker in workerd", () => {
  /** Set by the first test, used by the next ones. */
  let conversationId: string;
  let responseId: string;

  it("POST /prompt streams gpt-4o-mini's answer chunk by chunk, with the key from env", async () => {
    const before = mock.requests.length;
    const sentAt = performance.now();
    // What browsers send: the Worker's content-encoding: identity keeps workerd from compressing.
    const response = await post(worker, { prompt: firstPrompt, model: "gpt-4o-mini" }, { "accept-encoding": "gzip, deflate, br" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("x-model")).toBe("gpt-4o-mini");
    conversationId = response.headers.get("x-conversation-id")!;
    responseId = response.headers.get("x-response-id")!;
    expect(conversationId).toMatch(/^[0-9a-z]{26}$/);
    expect(responseId).toMatch(/^[0-9a-z]{26}$/);

    // The mock's state when the first chunk reached Node: the answer was still being sent.
    let atFirstChunk: { eventsSent: number; totalEvents: number; ended: boolean } | undefined;
    const { text, arrivals } = await readTimed(response.body, sentAt, (index) => {
      const { eventsSent, totalEvents, ended } = mock.requests[before]!;
      if (index === 0) atFirstChunk = { eventsSent, totalEvents, ended };
    });
    expect(text).toBe(fixtureText);
    expect(atFirstChunk).toBeDefined();
    expect(atFirstChunk!.ended).toBe(false);
    expect(atFirstChunk!.eventsSent).toBeLessThan(atFirstChunk!.totalEvents / 2);
    // One chunk per text event, give or take some coalescing: several, spread over the mock's pacing.
    const spread = arrivals.at(-1)! - arrivals[0]!;
    const paced = (textEvents - 1) * eventDelayMs;
    expect(textEvents).toBeGreaterThan(10);
    expect(arrivals.length, `chunks at ${arrivals.map((at) => at.toFixed(0)).join(", ")} ms`).toBeGreaterThanOrEqual(5);
    expect(spread, `chunks at ${arrivals.map((at) => at.toFixed(0)).join(", ")} ms`).toBeGreaterThanOrEqual(paced * 0.5);

    expect(mock.requests.length).toBe(before + 1);
    const sent = mock.requests[before]!;
    expect(sent.headers.authorization).toBe(`Bearer ${key}`);
    expect(sent.body).toMatchObject({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: firstPrompt }] });
    expect(sent.ended).toBe(true);
  }, 60_000);

  it("logs the answer to KV (read from Node), GET /logs lists it, and no key is stored", async () => {
    const kv = await worker.kv("LOGS");
    // Written after the body has ended: the Worker keeps the request alive with waitUntil(response.logged).
    const raw = await waitFor("the log entry in KV", async () => (await kv.get(`logs/responses/${responseId}`, "text")) ?? undefined);
    const entry = JSON.parse(raw);
    expect(entry).toMatchObject({
      id: responseId,
      conversationId,
      model: "gpt-4o-mini",
      resolvedModel: fixture.facts.model,
      prompt: firstPrompt,
      text: fixtureText,
      finishReason: "stop",
      usage: { input: fixture.facts.usage.input_tokens, output: fixture.facts.usage.output_tokens },
    });
    expect(await kvKeys(kv, "logs/responses/")).toEqual([`logs/responses/${responseId}`]);
    expect(await kvKeys(kv, `logs/turns/${conversationId}/`)).toEqual([`logs/turns/${conversationId}/${responseId}`]);
    expect(JSON.parse((await kv.get(`logs/conversations/${conversationId}`, "text"))!)).toMatchObject({ id: conversationId, name: firstPrompt, model: "gpt-4o-mini" });

    const listed = await worker.mf.dispatchFetch("http://worker.local/logs");
    expect(listed.status).toBe(200);
    expect(listed.headers.get("content-type")).toContain("application/json");
    const listedText = await listed.text();
    expect(listedText).not.toContain(key);
    const logs = JSON.parse(listedText);
    expect(Array.isArray(logs)).toBe(true);
    expect(logs.map((logged: { id: string }) => logged.id)).toEqual([responseId]);
    expect(logs[0]).toEqual(entry);

    // Nothing in KV holds the key: not in a key name, not in a value.
    const names = await kvKeys(kv);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      expect(name).not.toContain(key);
      expect(await kv.get(name, "text"), name).not.toContain(key);
    }
  }, 60_000);

  it("POST /prompt with the conversation id continues the logged conversation", async () => {
    const requestsBefore = mock.requests.length;
    const secondPrompt = "And that times two?";
    const response = await post(worker, { prompt: secondPrompt, model: "echo", conversationId });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-conversation-id")).toBe(conversationId);
    expect(response.headers.get("x-model")).toBe("echo");
    const secondId = response.headers.get("x-response-id")!;
    const answer = JSON.parse(await response.text());
    expect(answer).toMatchObject({ prompt: secondPrompt, previous: [{ prompt: firstPrompt }] });
    expect(mock.requests.length).toBe(requestsBefore);

    // Logged in the same conversation, as its second turn.
    const kv = await worker.kv("LOGS");
    const turns = await waitFor("the second turn in KV", async () => {
      const found = await kvKeys(kv, `logs/turns/${conversationId}/`);
      return found.length === 2 ? found : undefined;
    });
    expect(turns).toEqual([`logs/turns/${conversationId}/${responseId}`, `logs/turns/${conversationId}/${secondId}`]);

    // Without a model, the conversation goes on with the model of its last answer (echo here).
    const third = await post(worker, { prompt: "And the third?", conversationId });
    expect(third.status).toBe(200);
    expect(third.headers.get("x-model")).toBe("echo");
    expect(JSON.parse(await third.text())).toMatchObject({ previous: [{ prompt: firstPrompt }, { prompt: secondPrompt }] });
    expect(mock.requests.length).toBe(requestsBefore);

    // GET /logs: newest first, all three in the one conversation.
    const logs = await waitFor("three entries in GET /logs", async () => {
      const listed = (await (await worker.mf.dispatchFetch("http://worker.local/logs")).json()) as Array<{ id: string; conversationId: string; prompt: string }>;
      return listed.length === 3 ? listed : undefined;
    });
    expect(logs.map((logged) => logged.prompt)).toEqual(["And the third?", secondPrompt, firstPrompt]);
    expect(new Set(logs.map((logged) => logged.conversationId))).toEqual(new Set([conversationId]));

    // A well-formed id that was never logged: 404.
    const unknown = await post(worker, { prompt: "Hello?", conversationId: "01aaaaaaaaaaaaaaaaaaaaaaaa" });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("conversation_not_found");
  }, 60_000);

  it("a missing key is a 401 that says how to set it, and sends nothing", async () => {
    const before = mock.requests.length;
    const response = await post(keyless, { prompt: firstPrompt, model: "gpt-4o-mini" });
    expect(response.status).toBe(401);
    const error = await errorOf(response);
    expect(error.code).toBe("needs_key");
    expect(error.message).toContain("OPENAI_API_KEY");
    expect(error.message).toContain("wrangler secret put OPENAI_API_KEY");
    expect(error.message).not.toMatch(/sk-/);
    expect(mock.requests.length).toBe(before);

    // Without a key the default model is echo, which needs none.
    const echoed = await post(keyless, { prompt: "Hi there" });
    expect(echoed.status).toBe(200);
    expect(echoed.headers.get("x-model")).toBe("echo");
    expect(JSON.parse(await echoed.text())).toMatchObject({ prompt: "Hi there", previous: [] });
    expect(mock.requests.length).toBe(before);

    // Only the answered prompt is logged.
    const kv = await keyless.kv("LOGS");
    const logged = await waitFor("the echo answer in the keyless worker's KV", async () => {
      const found = await kvKeys(kv, "logs/responses/");
      return found.length ? found : undefined;
    });
    expect(logged).toEqual([`logs/responses/${echoed.headers.get("x-response-id")}`]);
  }, 60_000);

  it("a bad request is a 400 (or 404/405) JSON error, and reaches no model", async () => {
    const before = mock.requests.length;
    const cases: Array<[body: unknown, status: number, code: string]> = [
      ["{not json", 400, "invalid_json"],
      ["", 400, "invalid_json"],
      [[], 400, "invalid_request"],
      ["null", 400, "invalid_request"],
      [{}, 400, "invalid_request"],
      [{ prompt: 42 }, 400, "invalid_request"],
      [{ prompt: "   " }, 400, "invalid_request"],
      [{ prompt: "Hi", model: 7 }, 400, "invalid_request"],
      [{ prompt: "Hi", model: "no-such-model" }, 400, "unknown_model"],
      [{ prompt: "Hi", conversationId: "../../keys/openai" }, 400, "invalid_request"],
      [{ prompt: "Hi", conversationId: 12 }, 400, "invalid_request"],
    ];
    for (const [body, status, code] of cases) {
      const response = await post(worker, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect((await errorOf(response)).code, JSON.stringify(body)).toBe(code);
    }
    const tooLarge = await post(worker, { prompt: "x".repeat(70_000) });
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge)).code).toBe("body_too_large");

    const wrongMethod = await worker.mf.dispatchFetch("http://worker.local/prompt");
    expect(wrongMethod.status).toBe(405);
    expect((await errorOf(wrongMethod)).code).toBe("method_not_allowed");
    const wrongPath = await worker.mf.dispatchFetch("http://worker.local/nothing-here");
    expect(wrongPath.status).toBe(404);
    expect((await errorOf(wrongPath)).code).toBe("not_found");
    expect(mock.requests.length).toBe(before);
  }, 60_000);

  it("a provider error before any text is a 502 JSON error, without the key", async () => {
    const before = mock.requests.length;
    mock.replay('data: {"error":{"message":"The server had an error while processing your request.","type":"server_error"}}\n\n', 10);
    try {
      const response = await post(worker, { prompt: "Hello", model: "gpt-4o-mini" });
      expect(response.status).toBe(502);
      const error = await errorOf(response);
      expect(error.code).toBe("stream_error");
      expect(error.message).toContain("The server had an error");
      // A retryable error before any text: sent again twice (maxRetries 2), each time with the key.
      expect(mock.requests.length).toBe(before + 3);
      for (const request of mock.requests.slice(before)) expect(request.headers.authorization).toBe(`Bearer ${key}`);
    } finally {
      mock.replay(fixture.body, eventDelayMs);
    }
  }, 60_000);

  it("a provider error after the first chunk ends the body with an [error: ...] line", async () => {
    const before = mock.requests.length;
    const delta = (content: string) =>
      `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\n\n`;
    mock.replay(`${delta("Hello")}${delta(" there")}data: {"error":{"message":"The server had an error.","type":"server_error"}}\n\n`, 20);
    try {
      const response = await post(worker, { prompt: "Hello", model: "gpt-4o-mini" });
      expect(response.status).toBe(200);
      const failedId = response.headers.get("x-response-id");
      // The Worker errors the body after the error line; local workerd still ends it normally
      // (and prints the StreamError as an uncaught exception on stderr).
      const { text } = await readTimed(response.body, performance.now());
      expect(text).toMatch(/^Hello there\n\n\[error: stream_error\] The provider reported an error in the middle of the response: The server had an error\..*\n$/);
      expect(text).not.toContain(key);
      expect(mock.requests.length).toBe(before + 1);
      // A failed answer is not logged.
      await sleep(300);
      expect(await (await worker.kv("LOGS")).get(`logs/responses/${failedId}`, "text")).toBeNull();
    } finally {
      mock.replay(fixture.body, eventDelayMs);
    }
  }, 60_000);

  it("a client that goes away stops the model's request", async () => {
    const before = mock.requests.length;
    mock.replay(long.body, eventDelayMs);
    try {
      const response = await post(worker, { prompt: "Tell me a long story", model: "gpt-4o-mini" });
      expect(response.status).toBe(200);
      const stoppedId = response.headers.get("x-response-id");
      const reader = response.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel();
      const sent = mock.requests[before]!;
      await waitFor("the mock's connection closed", async () => (sent.closedEarly ? true : undefined), 10_000);
      expect(sent.ended).toBe(false);
      expect(sent.eventsSent).toBeLessThan(sent.totalEvents / 2);
      // A stopped answer is not logged.
      await sleep(300);
      expect(await (await worker.kv("LOGS")).get(`logs/responses/${stoppedId}`, "text")).toBeNull();
    } finally {
      mock.replay(fixture.body, eventDelayMs);
    }
  }, 60_000);
});
