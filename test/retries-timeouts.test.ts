/**
 * Retries and time limits (in `Response`, so every provider has them)
 * against a real HTTP server on 127.0.0.1 that answers 429 with
 * retry-after, 503, resets connections, stalls, and sends an error event
 * inside a 200 stream.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";
import { createAnthropicModel } from "../src/providers/anthropic/index.ts";

type Behaviour = (response: ServerResponse) => void;

const sse = (...pieces: string[]) =>
  pieces.map((content) => `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\n\n`).join("");

const ok: Behaviour = (response) => {
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.end(`${sse("Hello", " again")}data: [DONE]\n\n`);
};
const status =
  (code: number, headers: Record<string, string> = {}): Behaviour =>
  (response) => {
    response.writeHead(code, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify({ error: { message: `status ${code}`, type: "test_error" } }));
  };
const reset: Behaviour = (response) => response.socket?.destroy();
const stall: Behaviour = (response) => {
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.write(sse("partial"));
  // ...and nothing more, ever (the test ends the socket when it closes the server).
};
const overloaded: Behaviour = (response) => {
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.end(`event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })}\n\n`);
};
const anthropicOk: Behaviour = (response) => {
  response.writeHead(200, { "content-type": "text/event-stream" });
  const event = (data: object) => `event: ${(data as { type: string }).type}\ndata: ${JSON.stringify(data)}\n\n`;
  response.end(
    event({ type: "message_start", message: { id: "msg_1", model: "claude-haiku-4-5", usage: { input_tokens: 3, output_tokens: 1 } } }) +
      event({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }) +
      event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Fine now" } }) +
      event({ type: "content_block_stop", index: 0 }) +
      event({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 2 } }) +
      event({ type: "message_stop" }),
  );
};
const truncatedEarly: Behaviour = (response) => {
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.end(`data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}\n\n`);
};
const slowHeaders =
  (ms: number): Behaviour =>
  (response) =>
    void setTimeout(() => !response.destroyed && ok(response), ms);
const trickle: Behaviour = (response) => {
  response.writeHead(200, { "content-type": "text/event-stream" });
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed || sent++ > 50) return clearInterval(timer);
    response.write(sse("."));
  }, 40);
};

let server: Server;
let queue: Behaviour[] = [];
let arrivals: number[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      arrivals.push(performance.now());
      (queue.shift() ?? ok)(response);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

beforeEach(async () => {
  queue = [];
  arrivals = [];
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  await llm.configure({ env: { OPENAI_BASE_URL: base, OPENAI_API_KEY: "sk-test" }, fetch: undefined, maxRetries: 2, timeout: {} });
});

const ask = (options: llm.PromptOptions = {}) => llm.getModel("gpt-4o-mini").prompt("hi", options);

describe("retries (before any of the answer has arrived)", () => {
  it("429 with retry-after-ms: waits that long, then succeeds", async () => {
    queue = [status(429, { "retry-after-ms": "150" }), ok];
    expect(await ask().text()).toBe("Hello again");
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(140);
  });

  it("503 without retry-after: exponential backoff, then succeeds", async () => {
    queue = [status(503), ok];
    expect(await ask().text()).toBe("Hello again");
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(350);
  });

  it("a reset connection is retried", async () => {
    queue = [reset, ok];
    expect(await ask().text()).toBe("Hello again");
    expect(arrivals).toHaveLength(2);
  });

  it("gives up after maxRetries, with the last ApiError", async () => {
    queue = [status(500, { "retry-after-ms": "1" }), status(502, { "retry-after-ms": "1" }), status(503, { "retry-after-ms": "1" }), ok];
    const error = await ask().text().catch((e: unknown) => e);
    expect(llm.ApiError.is(error)).toBe(true);
    expect((error as llm.ApiError).status).toBe(503);
    expect(arrivals).toHaveLength(3);
  });

  it("does not retry with maxRetries 0, a 400, or a retry-after longer than a minute", async () => {
    await llm.configure({ maxRetries: 0 });
    queue = [status(503)];
    expect(await ask().text().catch((e: llm.ApiError) => e.status)).toBe(503);
    await llm.configure({ maxRetries: 2 });
    queue = [status(400)];
    expect(await ask().text().catch((e: llm.ApiError) => e.status)).toBe(400);
    queue = [status(429, { "retry-after": "120" })];
    const error = (await ask().text().catch((e: unknown) => e)) as llm.ApiError;
    expect(error.retryAfter).toBe(120_000);
    expect(arrivals).toHaveLength(3);
  });

  it("an error event inside a 200 stream, before any text (Anthropic's overloaded_error), is retried", async () => {
    queue = [overloaded, anthropicOk];
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const model = new llm.Model(createAnthropicModel({ modelId: "claude-haiku-4.5", modelName: "claude-haiku-4-5", apiBase: base }));
    await llm.configure({ env: { ANTHROPIC_API_KEY: "sk-ant-test" } });
    expect(await model.prompt("hi").text()).toBe("Fine now");
    expect(arrivals).toHaveLength(2);
    await llm.configure({ maxRetries: 0 });
    queue = [overloaded];
    const error = await model.prompt("hi").text().catch((e: unknown) => e);
    expect(llm.StreamError.is(error)).toBe(true);
    expect(error).toMatchObject({ type: "overloaded_error", isRetryable: true });
  });

  it("a stream cut before any text is retried; the answer is whole", async () => {
    queue = [truncatedEarly, ok];
    const chunks: string[] = [];
    for await (const chunk of ask()) chunks.push(chunk);
    expect(chunks).toEqual(["Hello", " again"]);
    expect(arrivals).toHaveLength(2);
  });

  it("a stream cut after text has arrived is not retried", async () => {
    const cut: Behaviour = (response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(sse("Hello"));
    };
    queue = [cut, ok];
    const error = await ask().text().catch((e: unknown) => e);
    expect(llm.StreamError.is(error)).toBe(true);
    expect(error).toMatchObject({ reason: "truncated" });
    expect(arrivals).toHaveLength(1);
  });

  it("an abort during the wait stops at once with the abort's reason", async () => {
    queue = [status(503, { "retry-after-ms": "5000" })];
    const controller = new AbortController();
    const started = performance.now();
    const pending = ask({ signal: controller.signal }).text();
    setTimeout(() => controller.abort(new Error("user stop")), 100);
    await expect(pending).rejects.toThrow("user stop");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(arrivals).toHaveLength(1);
  });
});

describe("time limits", () => {
  it("a stream that stalls mid-answer fails with TimeoutError (not retried: text had arrived)", async () => {
    await llm.configure({ timeout: { idleMs: 300 } });
    queue = [stall];
    const response = ask();
    const chunks: string[] = [];
    const error = await (async () => {
      for await (const chunk of response) chunks.push(chunk);
    })().catch((e: unknown) => e);
    expect(llm.TimeoutError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/^The answer stalled: nothing for 0.3 s: retry, or allow longer with llm.configure\(\{ timeout \}\)$/);
    expect(chunks).toEqual(["partial"]);
    expect(arrivals).toHaveLength(1);
  });

  it("no headers within firstByteMs: TimeoutError, retried", async () => {
    await llm.configure({ timeout: { firstByteMs: 200 } });
    queue = [slowHeaders(1000), ok];
    expect(await ask().text()).toBe("Hello again");
    expect(arrivals).toHaveLength(2);
    await llm.configure({ maxRetries: 0 });
    queue = [slowHeaders(1000)];
    const error = await ask().text().catch((e: unknown) => e);
    expect(llm.TimeoutError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/^No answer within 0.2 s: retry/);
  });

  it("an answer that takes longer than totalMs fails with TimeoutError", async () => {
    await llm.configure({ timeout: { totalMs: 400 } });
    queue = [trickle];
    const started = performance.now();
    const error = await ask().text().catch((e: unknown) => e);
    expect(llm.TimeoutError.is(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("a limit of 0 is off", async () => {
    await llm.configure({ timeout: { idleMs: 0, totalMs: 0, firstByteMs: 0 } });
    queue = [slowHeaders(300)];
    expect(await ask().text()).toBe("Hello again");
  });
});
