/**
 * A local stand-in for the OpenAI API on 127.0.0.1 for pages in Chromium:
 * `POST /v1/chat/completions` replays a recorded event stream one SSE event
 * at a time (`delayMs` apart), with CORS headers (preflight included) so a
 * page on another port may call it. Every request is recorded: its headers
 * and body, how many events were sent, and whether the client closed the
 * connection before the stream ended (a Stop button, say).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface MockRequest {
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
  close(): Promise<void>;
}

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, accept",
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
  let events: string[] = [];
  let delayMs = 0;
  const requests: MockRequest[] = [];
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
      response.writeHead(204, corsHeaders).end();
      return;
    }
    if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
      response.writeHead(404, { ...corsHeaders, "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `The mock does not answer ${request.method} ${request.url}` } }));
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const record: MockRequest = {
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
      events = splitEvents(body);
      delayMs = pause;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
