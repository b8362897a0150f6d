/**
 * A local stand-in for the OpenAI API on 127.0.0.1 for pages in Chromium:
 * `POST /v1/chat/completions` replays a recorded event stream one SSE event
 * at a time (`delayMs` apart), with CORS headers (preflight included) so a
 * page on another port may call it. Every request is recorded: its headers
 * and body, how many events were sent, and whether the client closed the
 * connection before the stream ended (a Stop button, say).
 *
 * The same server stands in for Anthropic's `POST /v1/messages` (base URL
 * `anthropicBaseUrl`, CORS allowing Anthropic's headers), replaying what
 * `replayAnthropic()` set. `enqueue()` gives the next request, on either
 * path, a stream of its own (a tool call, then the text after the tool's
 * result), ahead of those defaults.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface MockRequest {
  /** The request's path: `/v1/chat/completions` or `/v1/messages`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** Events written so far. */
  eventsSent: number;
  totalEvents: number;
  /** The whole stream was written and the response ended. */
  ended: boolean;
  /** The client went away before the stream ended. */
  closedEarly: boolean;
}

export interface MockOpenAI {
  /** `http://127.0.0.1:<port>/v1`, for `OPENAI_BASE_URL`. */
  baseUrl: string;
  /** Chat-completions requests (preflights are counted apart), oldest first. */
  requests: MockRequest[];
  preflights: number;
  /** The SSE body the next requests get, and the pause before each of its events. */
  replay(body: Uint8Array | string, delayMs: number): void;
  /** `http://127.0.0.1:<port>`, for `ANTHROPIC_BASE_URL` (the provider adds `/v1/messages`). */
  anthropicBaseUrl: string;
  /** The SSE body the next Anthropic `/v1/messages` requests get, and the pause before each of its events. */
  replayAnthropic(body: Uint8Array | string, delayMs: number): void;
  /**
   * Queues a stream for one request (on either path), first in first out;
   * requests with nothing queued get what `replay()` or `replayAnthropic()` set.
   */
  enqueue(body: Uint8Array | string, delayMs: number): void;
  /** Streams queued by `enqueue()` and not sent yet. */
  readonly queued: number;
  /** The `access-control-request-headers` of each preflight, oldest first. */
  preflightHeaders: string[];
  close(): Promise<void>;
}

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers":
    "authorization, content-type, accept, x-api-key, anthropic-version, anthropic-beta, anthropic-dangerous-direct-browser-access",
  "access-control-max-age": "600",
};

/** An event stream split into its events, each with its blank line (`data: ...\n\n`). */
export function splitEvents(body: Uint8Array | string): string[] {
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\n/)
    .filter((event) => event.trim() !== "")
    .map((event) => `${event}\n\n`);
}

export async function startMockOpenAI(): Promise<MockOpenAI> {
  interface Stream {
    events: string[];
    delayMs: number;
  }
  let openai: Stream = { events: [], delayMs: 0 };
  let anthropic: Stream = { events: [], delayMs: 0 };
  const queue: Stream[] = [];
  const requests: MockRequest[] = [];
  const preflightHeaders: string[] = [];
  let preflights = 0;

  async function stream(response: ServerResponse, record: MockRequest, chosen: string[], pause: number): Promise<void> {
    let closed = false;
    response.on("close", () => {
      closed = true;
      if (!response.writableEnded) record.closedEarly = true;
    });
    response.writeHead(200, { ...corsHeaders, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store" });
    response.flushHeaders();
    for (const event of chosen) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      if (closed) return;
      response.write(event);
      record.eventsSent++;
    }
    if (closed) return;
    response.end(() => (record.ended = true));
  }

  const server = createServer((request, response) => {
    if (request.method === "OPTIONS") {
      preflights++;
      preflightHeaders.push(String(request.headers["access-control-request-headers"] ?? ""));
      response.writeHead(204, corsHeaders).end();
      return;
    }
    const pathname = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const isOpenAI = pathname.endsWith("/chat/completions");
    const isAnthropic = pathname === "/v1/messages";
    if (request.method !== "POST" || !(isOpenAI || isAnthropic)) {
      response.writeHead(404, { ...corsHeaders, "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `The mock does not answer ${request.method} ${request.url}` } }));
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const { events, delayMs } = queue.shift() ?? (isAnthropic ? anthropic : openai);
      const record: MockRequest = {
        path: pathname,
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        eventsSent: 0,
        totalEvents: events.length,
        ended: false,
        closedEarly: false,
      };
      requests.push(record);
      void stream(response, record, events, delayMs).catch(() => response.destroy());
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ready);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get preflights() {
      return preflights;
    },
    replay(body, pause) {
      openai = { events: splitEvents(body), delayMs: pause };
    },
    anthropicBaseUrl: `http://127.0.0.1:${port}`,
    replayAnthropic(body, pause) {
      anthropic = { events: splitEvents(body), delayMs: pause };
    },
    enqueue(body, pause) {
      queue.push({ events: splitEvents(body), delayMs: pause });
    },
    get queued() {
      return queue.length;
    },
    preflightHeaders,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
