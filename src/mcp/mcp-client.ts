import { McpError, NetworkError, stripQuery, TimeoutError } from "../errors.ts";
import { readSse, type SseState } from "./read-sse.ts";

/** Protocol versions this client speaks, newest first; all use the Streamable HTTP transport. */
export const protocolVersions: readonly string[] = ["2025-11-25", "2025-06-18", "2025-03-26"];

/** A JSON-RPC 2.0 message: a request, a notification or a response. */
export interface JsonRpcMessage {
  jsonrpc: "2.0";
  id?: string | number | null | undefined;
  method?: string | undefined;
  params?: Record<string, any> | undefined;
  result?: any;
  error?: { code: number; message: string; data?: unknown } | undefined;
}

export interface McpClientOptions {
  url: string;
  /** Sent with every request (user headers and the bearer token). */
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch;
  /** Milliseconds one request may go without an answer or a progress notification. */
  timeout: number;
  /** Reconnections in a row that bring no new event before a stream counts as lost. */
  maxReconnects: number;
  clientInfo: { name: string; version: string };
  /** Cancels every request, now and later. */
  signal?: AbortSignal | undefined;
  /** Server notifications other than progress (`notifications/tools/list_changed`, log messages, ...). */
  onNotification?: ((message: JsonRpcMessage) => void) | undefined;
}

export interface Progress {
  progress: number;
  total?: number | undefined;
  message?: string | undefined;
}

export interface RequestOptions {
  /** The tool being called, for error messages. */
  tool?: string | undefined;
  onProgress?: ((progress: Progress) => void) | undefined;
  /** Cancels this request (besides the client's own signal), e.g. the chain's. */
  signal?: AbortSignal | undefined;
}

interface Pending {
  context: Context;
  resolve(result: unknown): void;
  reject(error: unknown): void;
  progress(progress: Progress): void;
}

/** Used when a server closes a stream without saying how long to wait (`retry`). */
const defaultRetryMs = 1000;
/** Bounds the notifications and the `DELETE` sent while cancelling or closing. */
const sideRequestMs = 5000;
/** Waits `ms`, or less if `signal` aborts (a server may ask for a long `retry`; a timed-out call stops waiting). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * A Model Context Protocol client over the Streamable HTTP transport, with
 * `fetch` only: JSON-RPC requests are POSTed and answered with JSON or an
 * event stream (which may carry notifications and server requests first);
 * a stream that ends before its answer is resumed with `GET` and
 * `Last-Event-ID` after the server's `retry`. Keeps the session id and the
 * negotiated protocol version and sends them as headers.
 */
export class McpClient {
  /** The URL as errors show it: without credentials, query or fragment. */
  readonly server: string;
  sessionId: string | undefined;
  protocolVersion: string | undefined;
  /** The `initialize` result: `serverInfo`, `capabilities`, `instructions`. */
  initialized: Record<string, any> | undefined;
  readonly #options: McpClientOptions;
  readonly #pending = new Map<string | number, Pending>();
  #nextId = 1;
  #connecting: Promise<void> | undefined;

  constructor(options: McpClientOptions) {
    this.#options = options;
    this.server = stripQuery(options.url);
  }

  /** Starts a session unless one is open; callers at the same time share one `initialize`. */
  connect(): Promise<void> {
    if (this.protocolVersion) return Promise.resolve();
    return (this.#connecting ??= this.#initialize().finally(() => (this.#connecting = undefined)));
  }

  /** `initialize` (version negotiation, client info, no optional capabilities), then `notifications/initialized`. */
  async #initialize(): Promise<void> {
    this.sessionId = this.protocolVersion = this.initialized = undefined;
    const params = { protocolVersion: protocolVersions[0], capabilities: {}, clientInfo: this.#options.clientInfo };
    const result = await this.#send("initialize", params, {});
    const version = result?.protocolVersion;
    if (!protocolVersions.includes(version)) {
      await this.close();
      throw new McpError(`MCP server ${this.server} speaks protocol version ${JSON.stringify(version)}, which this client does not (it speaks ${protocolVersions.join(", ")}).`, {
        server: this.server,
        method: "initialize",
        data: result,
      });
    }
    this.protocolVersion = version;
    this.initialized = result;
    await this.notify("notifications/initialized");
  }

  /**
   * Sends a request and resolves with its result. A session the server no
   * longer knows (HTTP 404) is replaced by a new one, once, and the request sent again.
   */
  async request(method: string, params: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<any> {
    await this.connect();
    const session = this.sessionId;
    try {
      return await this.#send(method, params, options);
    } catch (error) {
      if (!(McpError.is(error) && error.status === 404 && session)) throw error;
      // Unless a request beside this one has already replaced the session.
      if (this.sessionId === session) this.protocolVersion = undefined;
      await this.connect();
      return this.#send(method, params, options);
    }
  }

  /** Sends a notification; the server answers `202 Accepted`. */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    await this.#postQuietly({ jsonrpc: "2.0", method, ...(params && { params }) }, method, true);
  }

  /** Fails what is still pending and ends the session (`DELETE`, which a server may refuse with 405). */
  async close(): Promise<void> {
    const closed = new McpError(`The connection to MCP server ${this.server} was closed.`, { server: this.server });
    for (const pending of [...this.#pending.values()]) pending.reject(closed);
    const sessionId = this.sessionId;
    this.sessionId = this.protocolVersion = this.initialized = undefined;
    if (!sessionId) return;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), sideRequestMs);
    try {
      const response = await this.#options.fetch(this.#options.url, { method: "DELETE", headers: this.#headers({ "mcp-session-id": sessionId }), signal: controller.signal });
      await response.body?.cancel();
    } catch {
      // The session ends on the server's side sooner or later anyway.
    } finally {
      clearTimeout(timer);
    }
  }

  #send(method: string, params: Record<string, unknown>, options: RequestOptions): Promise<any> {
    const { timeout } = this.#options;
    const signals = [this.#options.signal, options.signal].filter((signal) => signal !== undefined);
    const aborted = signals.find((signal) => signal.aborted);
    if (aborted) return Promise.reject(aborted.reason);
    const id = this.#nextId++;
    const message: JsonRpcMessage = { jsonrpc: "2.0", id, method, params: method === "initialize" ? params : { ...params, _meta: { progressToken: id } } };
    const context = { method, tool: options.tool };
    const http = new AbortController();
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(new TimeoutError(`${this.#where(context)}: no answer to ${method} within ${timeout} ms; give slow tools more with llm.mcp({ timeout }).`), true), timeout);
      };
      const settle = () => {
        clearTimeout(timer);
        for (const signal of signals) signal.removeEventListener("abort", onAbort);
        this.#pending.delete(id);
        http.abort();
      };
      const fail = (error: unknown, cancel: boolean) => {
        if (!this.#pending.has(id)) return;
        settle();
        // The server may stop working on it; `initialize` must never be cancelled.
        if (cancel && method !== "initialize") this.notify("notifications/cancelled", { requestId: id, reason: String(error instanceof Error ? error.message : error) }).catch(() => {});
        reject(error);
      };
      const onAbort = (event: Event) => fail((event.target as AbortSignal).reason, true);
      this.#pending.set(id, {
        context,
        resolve: (result) => {
          if (!this.#pending.has(id)) return;
          settle();
          resolve(result);
        },
        reject: (error) => fail(error, false),
        progress: (progress) => {
          arm();
          options.onProgress?.(progress);
        },
      });
      for (const signal of signals) signal.addEventListener("abort", onAbort, { once: true });
      arm();
      this.#post(message, context, http.signal).then(
        () => fail(new McpError(`${this.#where(context)}: the server's answer to ${method} had no response to request ${id}.`, { server: this.server, ...context }), false),
        (error: unknown) => fail(error, false),
      );
    });
  }

  /** POSTs a request and reads its answer until the response to it has been dispatched (then returns). */
  async #post(message: JsonRpcMessage, context: Context, signal: AbortSignal): Promise<void> {
    const isDone = () => !this.#pending.has(message.id!);
    const response = await this.#fetch("POST", context, signal, JSON.stringify(message));
    if (!response.ok) throw await this.#httpError(response, context);
    if (context.method === "initialize") this.sessionId = response.headers.get("mcp-session-id") ?? undefined;
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("text/event-stream")) return this.#readStream(response.body, context, signal, isDone);
    if (type.includes("application/json")) {
      let answer: unknown;
      try {
        answer = await response.json();
      } catch (cause) {
        if (isDone()) return;
        throw new McpError(`${this.#where(context)}: the answer to ${context.method} is not JSON.`, { server: this.server, ...context }, { cause });
      }
      for (const item of Array.isArray(answer) ? answer : [answer]) this.#dispatch(item);
      return;
    }
    await response.body?.cancel();
    throw new McpError(`${this.#where(context)}: ${context.method} was answered with HTTP ${response.status} and content type "${type}" instead of JSON or an event stream.`, {
      server: this.server,
      ...context,
      status: response.status,
    });
  }

  /**
   * Reads a stream until `isDone()`; a stream that ends (or breaks) first is
   * resumed with `GET` + `Last-Event-ID` after `retry` ms. Only reconnections
   * that bring no new event count towards `maxReconnects`.
   */
  async #readStream(body: ReadableStream<Uint8Array> | null, context: Context, signal: AbortSignal, isDone: () => boolean): Promise<void> {
    const state: SseState = { lastEventId: undefined, retry: undefined };
    for (let fruitless = 0; ; ) {
      const before = state.lastEventId;
      let failure: unknown;
      try {
        await readSse(
          body,
          (data) => {
            this.#dispatchText(data, context);
            return isDone();
          },
          state,
        );
      } catch (error) {
        // Malformed data is not worth resuming; a broken connection is.
        if (McpError.is(error)) throw error;
        failure = error;
      }
      if (isDone() || signal.aborted) return;
      if (state.lastEventId === undefined) {
        const what = failure ? "the connection broke" : "the server closed the stream";
        throw new NetworkError(`${this.#where(context)}: ${what} before ${context.method} was answered, and the stream cannot be resumed (no event id).`, { cause: failure });
      }
      fruitless = state.lastEventId === before ? fruitless + 1 : 1;
      if (fruitless > this.#options.maxReconnects) {
        throw new NetworkError(`${this.#where(context)}: the stream for ${context.method} was lost; ${this.#options.maxReconnects} reconnections in a row brought nothing.`, { cause: failure });
      }
      await sleep(state.retry ?? defaultRetryMs, signal);
      if (isDone() || signal.aborted) return;
      const response = await this.#fetch("GET", context, signal, undefined, { accept: "text/event-stream", "last-event-id": state.lastEventId });
      if (!response.ok) throw await this.#httpError(response, context, "while resuming its stream");
      body = response.body;
    }
  }

  #dispatchText(data: string, context: Context): void {
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch (cause) {
      throw new McpError(`${this.#where(context)}: an event in the answer to ${context.method} is not JSON.`, { server: this.server, ...context, data }, { cause });
    }
    for (const item of Array.isArray(message) ? message : [message]) this.#dispatch(item);
  }

  /** Routes one incoming message: a response to its request, a progress notification to its request, a server request to an answer. */
  #dispatch(message: JsonRpcMessage): void {
    if (typeof message !== "object" || message === null) return;
    const { id, method, params } = message;
    if (typeof method === "string") {
      if (id !== undefined && id !== null) return this.#answer(message);
      if (method === "notifications/progress") this.#pending.get(params?.progressToken)?.progress({ progress: params!.progress, total: params!.total, message: params!.message });
      else this.#options.onNotification?.(message);
      return;
    }
    const pending = id === undefined || id === null ? undefined : this.#pending.get(id);
    if (!pending) return;
    if (message.error) {
      const { code, message: text, data } = message.error;
      const where = this.#where(pending.context);
      pending.reject(new McpError(`${where}: ${pending.context.method} failed with JSON-RPC error ${code}: ${text}`, { server: this.server, ...pending.context, rpcCode: code, data }));
    } else pending.resolve(message.result);
  }

  /** Answers a server's request: `ping`, and "method not found" for what this client did not advertise (sampling, elicitation, roots). */
  #answer(request: JsonRpcMessage): void {
    const reply: JsonRpcMessage =
      request.method === "ping"
        ? { jsonrpc: "2.0", id: request.id, result: {} }
        : { jsonrpc: "2.0", id: request.id, error: { code: -32601, message: `Method not found: this client does not support ${request.method}` } };
    this.#postQuietly(reply, request.method!, false).catch(() => {});
  }

  /** POSTs a notification or a response, expecting no answer but `202`, within a few seconds. */
  async #postQuietly(message: JsonRpcMessage, method: string, strict: boolean): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutError(`MCP server ${this.server} did not accept ${method} within ${sideRequestMs} ms.`)), sideRequestMs);
    try {
      const response = await this.#fetch("POST", { method }, controller.signal, JSON.stringify(message));
      if (strict && !response.ok) throw await this.#httpError(response, { method });
      await response.body?.cancel();
    } finally {
      clearTimeout(timer);
    }
  }

  async #fetch(method: string, context: Context, signal: AbortSignal, body?: string, extra: Record<string, string> = {}): Promise<Response> {
    const headers = this.#headers({
      accept: "application/json, text/event-stream",
      ...(body !== undefined && { "content-type": "application/json" }),
      ...(this.sessionId && { "mcp-session-id": this.sessionId }),
      ...(this.protocolVersion && { "mcp-protocol-version": this.protocolVersion }),
      ...extra,
    });
    try {
      return await this.#options.fetch(this.#options.url, { method, headers, body, signal });
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new NetworkError(`${this.#where(context)}: could not reach the server (${reason}); check that it runs, the URL, and (in a browser) that it allows this origin (CORS).`, { cause });
    }
  }

  #headers(own: Record<string, string>): Record<string, string> {
    return { ...this.#options.headers, ...own };
  }

  async #httpError(response: Response, context: Context, during = ""): Promise<McpError> {
    let text = "";
    try {
      text = (await response.text()).slice(0, 2000);
    } catch {
      // The status says enough.
    }
    let detail = text.trim();
    try {
      const parsed = JSON.parse(text);
      detail = parsed?.error?.message ?? parsed?.message ?? detail;
    } catch {
      // Not JSON: keep the text.
    }
    const { status } = response;
    const hint =
      status === 401 || status === 403
        ? " Pass a bearer token with llm.mcp({ token }) or headers with { headers }; OAuth sign-in flows are not supported."
        : (status === 404 || status === 405) && context.method === "initialize"
          ? " Check the URL: it must be the server's Streamable HTTP endpoint (often ending in /mcp); the older HTTP+SSE transport is not supported."
          : "";
    return new McpError(`${this.#where(context)}: HTTP ${status} for ${context.method}${during && ` ${during}`}${detail && `: ${detail}`}.${hint}`, {
      server: this.server,
      ...context,
      status,
    });
  }

  #where(context: Context): string {
    return `MCP server ${this.server}${context.tool === undefined ? "" : `, tool "${context.tool}"`}`;
  }
}

interface Context {
  method: string;
  tool?: string | undefined;
}
