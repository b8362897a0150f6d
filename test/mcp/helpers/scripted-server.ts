/**
 * A tiny MCP endpoint on 127.0.0.1 for protocol details the reference server
 * cannot show (pagination, list_changed, resumption, errors, a server that
 * vanishes): the test scripts the answer to each JSON-RPC method, and every
 * HTTP request is recorded.
 *
 * @example
 * const server = await startScriptedServer({
 *   "tools/list": () => ({ tools: [{ name: "add", inputSchema: { type: "object" } }] }),
 *   "tools/call": (message, reply) => reply.sse([{ id: "e1", retry: 100 }]),    // a stream that ends early
 * });
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  httpMethod: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (POST). */
  body: any;
  /** When it arrived (performance.now()). */
  at: number;
}

export interface SseEvent {
  id?: string;
  retry?: number;
  /** JSON-encoded into `data:` (omitted: an empty `data:` line, as a priming event has). */
  data?: unknown;
}

/** Ways to answer a request; a handler that returns a value answers with it as the JSON-RPC result. */
export interface Reply {
  json(body: unknown, status?: number, headers?: Record<string, string>): void;
  /** Writes the events (waiting `delayMs` between them), then ends the stream unless `keepOpen`. */
  sse(events: SseEvent[], options?: { delayMs?: number; keepOpen?: boolean; headers?: Record<string, string> }): Promise<void>;
  /** A JSON-RPC error response. */
  error(code: number, message: string): void;
  raw: ServerResponse;
  request: IncomingMessage;
}

export type Handler = (message: any, reply: Reply) => unknown;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** The JSON-RPC messages POSTed, in order. */
  messages(): any[];
  /** Replaces or adds handlers. */
  handle(handlers: Record<string, Handler>): void;
  /** Answers `GET` (stream resumption) requests; 405 without it. */
  onGet?: ((request: IncomingMessage, reply: Reply) => void) | undefined;
  close(): Promise<void>;
}

/** A default initialize: protocol 2025-11-25, a session id, tools capability. */
export const initializeResult = { protocolVersion: "2025-11-25", capabilities: { tools: { listChanged: true } }, serverInfo: { name: "scripted", version: "1.0.0" } };

export async function startScriptedServer(handlers: Record<string, Handler> = {}, sessionId = "session-1"): Promise<ScriptedServer> {
  const table: Record<string, Handler> = { initialize: () => initializeResult, ...handlers };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const makeReply = (request: IncomingMessage, response: ServerResponse, id: unknown): Reply => ({
    raw: response,
    request,
    json(body, status = 200, headers = {}) {
      response.writeHead(status, { "content-type": "application/json", "mcp-session-id": sessionId, ...headers }).end(JSON.stringify(body));
    },
    error(code, message) {
      this.json({ jsonrpc: "2.0", id, error: { code, message } });
    },
    async sse(events, options = {}) {
      if (!response.headersSent) response.writeHead(200, { "content-type": "text/event-stream", "mcp-session-id": sessionId, ...options.headers });
      for (const [index, event] of events.entries()) {
        if (index && options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        let text = "";
        if (event.id !== undefined) text += `id: ${event.id}\n`;
        if (event.retry !== undefined) text += `retry: ${event.retry}\n`;
        text += `data: ${event.data === undefined ? "" : JSON.stringify(event.data)}\n\n`;
        response.write(text);
      }
      if (!options.keepOpen) response.end();
    },
  });
  const server: ScriptedServer = {
    url: "",
    requests,
    messages: () => requests.filter((request) => request.httpMethod === "POST").map((request) => request.body),
    handle: (more) => Object.assign(table, more),
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        http.close(() => done());
      }),
  };
  const http = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    const body = text ? JSON.parse(text) : undefined;
    requests.push({ httpMethod: request.method!, headers: request.headers, body, at: performance.now() });
    if (request.method === "DELETE") return void response.writeHead(200).end();
    if (request.method === "GET") {
      if (server.onGet) return server.onGet(request, makeReply(request, response, undefined));
      return void response.writeHead(405).end();
    }
    if (body?.method === undefined || body.id === undefined) {
      // A notification or a response to a server request.
      const handler = body?.method && table[body.method];
      if (handler) return void handler(body, makeReply(request, response, undefined));
      return void response.writeHead(202).end();
    }
    const reply = makeReply(request, response, body.id);
    const handler = table[body.method];
    if (!handler) return reply.error(-32601, `Method not found: ${body.method}`);
    const result = await handler(body, reply);
    if (result !== undefined && !response.headersSent) reply.json({ jsonrpc: "2.0", id: body.id, result });
  });
  http.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((ready, fail) => {
    http.once("error", fail);
    http.listen(0, "127.0.0.1", ready);
  });
  server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  return server;
}
