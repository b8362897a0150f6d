import { settings } from "./configure.ts";
import { SchemaError, TimeoutError, type ApiError } from "./errors.ts";
import { executeToolCalls, type ToolHooks } from "./execute-tool-calls.ts";
import type { FragmentLike } from "./fragment.ts";
import { standardValidator, type SchemaInput } from "./json-schema.ts";
import type { AttachmentSource, Message, Part } from "./spec/message.ts";
import type { StreamPart } from "./spec/stream-part.ts";
import type { Tool, ToolCall, ToolResult } from "./tool.ts";
import { ulid } from "./ulid.ts";

/** Token counts, as the provider reported them. */
export interface Usage {
  input: number | undefined;
  output: number | undefined;
  /** Provider-specific extras (cached tokens, reasoning tokens, ...). */
  details: Record<string, unknown> | undefined;
}

/** What `start()` hands back: the parts, and what was sent. */
export interface Started {
  stream: ReadableStream<StreamPart>;
  /** Every message sent: the history, then this turn. */
  messages: readonly Message[];
  /** The tools the model was offered (toolboxes expanded). */
  tools: readonly Tool<any>[];
  /** The model's id and the validated options (for logs). */
  model?: string | undefined;
  options?: Readonly<Record<string, unknown>> | undefined;
}

export interface ResponseInit {
  /** The prompt text (for display; never the key). */
  prompt: string;
  /**
   * Starts the request with this signal (aborted by the caller, a time limit,
   * or when the attempt is abandoned); called by the first consumer, and again
   * for each retry.
   */
  start: (signal: AbortSignal) => Promise<Started>;
  signal?: AbortSignal | undefined;
  /** The default hooks for `executeToolCalls()`. */
  hooks?: ToolHooks | undefined;
  /** The schema the answer was asked to follow (`object()` validates with it). */
  schema?: SchemaInput | undefined;
  fragments?: readonly FragmentLike[] | undefined;
  systemFragments?: readonly FragmentLike[] | undefined;
  attachments?: readonly AttachmentSource[] | undefined;
  /** Leave reasoning out of `streamEvents()`. */
  hideReasoning?: boolean | undefined;
}

type State = "idle" | "running" | "done" | "failed";

/**
 * What `streamEvents()` yields, in the order the model produced it: text and
 * reasoning as they stream, each tool call once complete.
 */
export type ResponseEvent =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "reasoning"; readonly text: string }
  | ({ readonly type: "tool-call" } & Readonly<ToolCall>);

type Reasoning = { type: "reasoning"; text: string; redacted?: boolean; providerMetadata?: Record<string, unknown> };

/** The end of an iteration (shared: it is never changed). @internal */
export const finished: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The answer to a prompt. Lazy: nothing is sent until something consumes it
 * (`text()`, iteration, `textStream`, `usage()`, ...). However many consumers,
 * exactly one request is made; a finished response replays its text.
 */
export class Response<T = unknown> implements AsyncIterable<string> {
  /** A time-sortable id (a lowercase ULID, as the Python library's); logs store the response under it. */
  readonly id: string = ulid();
  /** The conversation this response belongs to (set by conversations and chains). */
  conversationId: string | undefined;
  /** The prompt text sent (fragments included). */
  readonly prompt: string;
  /** The prompt's fragments, as given (logs store each once, by `id()`). */
  readonly fragments: readonly FragmentLike[];
  /** The system prompt's fragments, as given. */
  readonly systemFragments: readonly FragmentLike[];
  /** The prompt's attachments. */
  readonly attachments: readonly AttachmentSource[];
  /** The schema the answer was asked to follow, as given. */
  readonly schema: SchemaInput | undefined;
  #start: ResponseInit["start"];
  #signal: AbortSignal | undefined;
  #hooks: ToolHooks;
  #sent: Started | undefined;
  #state: State = "idle";
  #run: Promise<void> | undefined;
  #error: unknown;
  // Text as strings (what most consumers want, kept as small as it came), other events as objects, in order.
  #events: Array<string | ResponseEvent> = [];
  #text: string | undefined;
  #reasoning: Reasoning[] = [];
  #reasoningOpen = false;
  #waiters: Array<() => void> = [];
  #toolCalls: ToolCall[] = [];
  #usage = {} as Usage;
  #finishReason: string | undefined;
  #resolvedModel: string | undefined;
  #raw: unknown;
  #startedAt: number | undefined;
  #durationMs: number | undefined;
  #onDone: Array<(response: Response) => unknown> = [];
  #hideReasoning: boolean | undefined;
  #logged: Promise<void> | undefined;

  constructor(init: ResponseInit) {
    this.prompt = init.prompt;
    this.fragments = init.fragments ?? [];
    this.systemFragments = init.systemFragments ?? [];
    this.attachments = init.attachments ?? [];
    this.schema = init.schema;
    this.#start = init.start;
    this.#signal = init.signal;
    this.#hooks = init.hooks ?? {};
    this.#hideReasoning = init.hideReasoning;
    sent.set(this, () => this.#sent);
  }

  /** The whole text. */
  async text(): Promise<string> {
    await this.#finished();
    return this.#joined();
  }

  /** Text chunks as they arrive (replayed from the start by every new iteration). */
  [Symbol.asyncIterator](): AsyncIterableIterator<string> {
    return this.#iterate((event) => (typeof event == "string" ? event : undefined));
  }

  /**
   * Everything the model produces, as typed events in order: `text` and
   * `reasoning` as they stream, `tool-call` once each call is complete (the
   * Python library's `stream_events()`). Replayed from the start by every call.
   * Reasoning is left out when the prompt set `hideReasoning`.
   * @example for await (const event of response.streamEvents()) if (event.type === "reasoning") show(event.text);
   */
  streamEvents(): AsyncIterableIterator<ResponseEvent> {
    return this.#iterate((event) =>
      typeof event == "string" ? { type: "text", text: event } : event.type == "reasoning" && this.#hideReasoning ? undefined : event,
    );
  }

  #iterate<Value>(pick: (event: string | ResponseEvent) => Value | undefined): AsyncIterableIterator<Value> {
    this.#ensureStarted();
    let index = 0;
    const next = (): Promise<IteratorResult<Value>> => {
      while (index < this.#events.length) {
        const value = pick(this.#events[index++]!);
        if (value !== undefined) return Promise.resolve({ done: false, value });
      }
      if (this.#state === "done") return Promise.resolve(finished);
      if (this.#state === "failed") return Promise.reject(this.#error);
      return new Promise<void>((resolve) => this.#waiters.push(resolve)).then(next);
    };
    return {
      next,
      return: () => {
        index = Infinity;
        return Promise.resolve(finished);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /**
   * The text as a `ReadableStream<string>`; each access gives a new stream
   * from the start. In a Worker:
   * `new Response(response.textStream.pipeThrough(new TextEncoderStream()))`.
   */
  get textStream(): ReadableStream<string> {
    const iterator = this[Symbol.asyncIterator]();
    return new ReadableStream<string>({
      async pull(controller) {
        const result = await iterator.next();
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
      cancel() {
        void iterator.return?.();
      },
    });
  }

  /**
   * The answer parsed as JSON; with a zod (or any Standard Schema) `schema`,
   * validated and typed by it. A plain JSON Schema is not validated here.
   * @throws SchemaError (with the raw `text`) when the answer is not JSON or does not match
   * @example const dog = await model.prompt("A nice dog", { schema: Dog }).object()
   */
  async object(): Promise<T> {
    const text = await this.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new SchemaError(`The answer is not JSON (${(error as Error).message})`, text, { cause: error });
    }
    const validate = this.schema && standardValidator(this.schema);
    if (!validate) return value as T;
    const result = await validate(value);
    if (!result.issues) return result.value as T;
    const issues = result.issues.map(({ path = [], message }) => {
      const at = path.map((segment) => String((segment as { key?: PropertyKey }).key ?? segment)).join(".");
      return at ? `${at}: ${message}` : message;
    });
    throw new SchemaError(`The answer does not match the schema: ${issues.join("; ")}`, text);
  }

  /** The provider's raw response (re-assembled from the stream), or `undefined`. */
  async json(): Promise<unknown> {
    await this.#finished();
    return this.#raw;
  }

  async usage(): Promise<Usage> {
    await this.#finished();
    return { ...this.#usage };
  }

  /** The tool calls the model asked for, in order. */
  async toolCalls(): Promise<ToolCall[]> {
    await this.#finished();
    return this.#toolCalls.map((call) => ({ ...call }));
  }

  /**
   * Runs the tool calls the model asked for (concurrently; results in call
   * order) with the tools it was offered. Hooks default to those of the chain
   * or conversation that made this response.
   */
  async executeToolCalls(hooks: ToolHooks = this.#hooks): Promise<ToolResult[]> {
    const calls = await this.toolCalls();
    return executeToolCalls(calls, this.#sent?.tools ?? [], hooks, this.#signal);
  }

  /** What the model said, as messages (one assistant message: its text and tool calls). */
  async messages(): Promise<Message[]> {
    await this.#finished();
    const parts: Part[] = this.#reasoning.filter((part) => part.text || part.redacted || part.providerMetadata).map((part) => ({ ...part }));
    const text = this.#joined();
    if (text) parts.push({ type: "text", text });
    for (const call of this.#toolCalls) parts.push({ type: "tool-call", ...call });
    return [{ role: "assistant", parts }];
  }

  /** Why the model stopped, in the provider's words (`stop`, `tool_calls`, `length`, ...). */
  async finishReason(): Promise<string | undefined> {
    await this.#finished();
    return this.#finishReason;
  }

  /** The model that actually answered, as the provider named it (e.g. `gpt-4o-mini-2024-07-18`). */
  async resolvedModel(): Promise<string | undefined> {
    await this.#finished();
    return this.#resolvedModel;
  }

  /** Reasoning text the provider streamed (empty when none). */
  async reasoning(): Promise<string> {
    await this.#finished();
    return this.#reasoning.map((part) => part.text).join("");
  }

  /** Milliseconds from sending the request to the end of the answer. */
  async durationMs(): Promise<number> {
    await this.#finished();
    return this.#durationMs!;
  }

  /** When the request was sent, as an ISO 8601 UTC string; `undefined` before that. */
  datetimeUtc(): string | undefined {
    return this.#startedAt === undefined ? undefined : new Date(this.#startedAt).toISOString();
  }

  /**
   * Calls `callback(response)` once the response has finished (at once if it
   * already has), before `text()` and friends resolve. May be async.
   */
  onDone(callback: (response: Response) => unknown): void {
    if (this.#state === "done") void Promise.resolve(this).then(callback);
    else this.#onDone.push(callback);
  }

  /**
   * Resolves once the finished response is in the log (at once when logging
   * is off, and when the answer failed: failed answers are not logged);
   * rejects with `StorageError` when writing it failed. The answer itself
   * never fails because of logging. In a Worker: `ctx.waitUntil(response.logged)`.
   */
  get logged(): Promise<void> {
    // A failed answer is not logged: that is not a logging failure (the answer's own promises carry its error).
    return this.#finished().then(() => this.#logged, () => {});
  }

  /** The text once finished; before that, a description that says it is not done. */
  toString(): string {
    if (this.#state === "done") return this.#joined();
    const status = this.#state === "failed" ? "failed" : "... not yet done ...";
    return `<Response prompt='${this.prompt}' text='${status}'>`;
  }

  #joined(): string {
    return (this.#text ??= this.#events.filter((event) => typeof event == "string").join(""));
  }

  #finished(): Promise<void> {
    // Done already (also inside onDone callbacks, which run before #run settles).
    if (this.#state === "done") return Promise.resolve();
    this.#ensureStarted();
    return this.#run!;
  }

  #ensureStarted(): void {
    if (this.#run) return;
    this.#state = "running";
    this.#run = this.#consume();
    // Failures reach consumers through their own promises; this one must not be reported as unhandled.
    this.#run.catch(() => {});
  }

  async #consume(): Promise<void> {
    this.#startedAt = Date.now();
    const started = performance.now();
    const caller = this.#signal;
    const { firstByteMs, idleMs, totalMs } = { firstByteMs: 6e5, idleMs: 3e5, totalMs: 36e5, ...settings.timeout };
    let controller!: AbortController;
    let reader: ReadableStreamDefaultReader<StreamPart> | undefined;
    let final: unknown; // the caller's abort or the total limit: ends every attempt
    let quiet: ReturnType<typeof setTimeout> | undefined;
    // Aborts the attempt: the provider's fetch sees the signal; cancelling the reader ends a pending read even when the fetch ignores it.
    const abort = (reason: unknown) => {
      controller.abort(reason);
      reader?.cancel(reason).catch(() => {});
    };
    const stop = (reason: unknown) => abort((final ??= reason));
    // One timer for silence: until the headers (firstByteMs), then between parts (idleMs).
    // Each part only notes the time; the timer, when it fires, checks how long it has really been.
    let last = 0;
    let limit = 0;
    let what = "";
    const check = () => {
      const left = last + limit - performance.now();
      if (left > 0) quiet = setTimeout(check, left);
      else abort(new TimeoutError(`${what} ${limit / 1000} s: retry, or allow longer with llm.configure({ timeout })`));
    };
    const watch = (ms: number, message: string) => {
      clearTimeout(quiet);
      last = performance.now();
      limit = ms;
      what = message;
      if (ms) quiet = setTimeout(check, ms);
    };
    const onAbort = () => stop(caller!.reason);
    const total = totalMs && setTimeout(() => stop(new TimeoutError(`No complete answer within ${totalMs / 1000} s: allow longer with llm.configure({ timeout })`)), totalMs);
    try {
      caller?.throwIfAborted();
      caller?.addEventListener("abort", onAbort, { once: true });
      for (let attempt = 0; ; attempt++) {
        controller = new AbortController();
        const { signal } = controller;
        if (final) throw final;
        try {
          watch(firstByteMs, "No answer within");
          this.#sent = await Promise.race([this.#start(signal), new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)))]);
          reader = this.#sent.stream.getReader();
          watch(idleMs, "The answer stalled: nothing for");
          for (;;) {
            const { done, value } = await reader.read();
            signal.throwIfAborted();
            if (done) break;
            last = performance.now();
            this.#handle(value);
          }
          break;
        } catch (error) {
          // Retried only while nothing has reached anyone, and only what may succeed when sent again.
          const wait = (error as ApiError).retryAfter ?? Math.min(8000, 500 * 2 ** attempt) * (1 - Math.random() / 4);
          if (final || this.#events.length || attempt >= (settings.maxRetries ?? 2) || !(error as ApiError).isRetryable || wait > 6e4) throw final ?? error;
          clearTimeout(quiet);
          await new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, wait);
            controller = new AbortController();
            controller.signal.addEventListener("abort", () => reject(clearTimeout(timer) ?? controller.signal.reason));
          });
        }
      }
      this.#durationMs = Math.round(performance.now() - started);
      this.#state = "done";
    } catch (error) {
      this.#state = "failed";
      this.#error = error;
      throw error;
    } finally {
      clearTimeout(quiet);
      clearTimeout(total);
      caller?.removeEventListener("abort", onAbort);
      this.#wake();
    }
    // The log is written before `text()` resolves, so a finished answer is a logged one; a failure only rejects `logged`.
    if (afterFinish) await (this.#logged = afterFinish(this)).catch(() => {});
    for (const callback of this.#onDone.splice(0)) await callback(this);
  }

  #handle(part: StreamPart): void {
    switch (part.type) {
      case "text-delta":
        if (part.text) this.#push(part.text);
        break;
      case "reasoning-delta": {
        const { text, redacted, providerMetadata } = part;
        if (text) this.#push({ type: "reasoning", text });
        if (!this.#reasoningOpen) this.#reasoning.push({ type: "reasoning", text: "" });
        const block = this.#reasoning.at(-1)!;
        block.text += text;
        if (redacted) block.redacted = true;
        if (providerMetadata) block.providerMetadata = providerMetadata;
        // A delta with metadata ends its block (see ReasoningDeltaPart).
        this.#reasoningOpen = !(redacted || providerMetadata);
        break;
      }
      case "tool-call": {
        const call: ToolCall = {
          name: part.name,
          arguments: parseArguments(part.arguments),
          toolCallId: part.toolCallId || `tc_${ulid()}`,
        };
        if (part.providerMetadata) call.providerMetadata = part.providerMetadata;
        this.#toolCalls.push(call);
        this.#push({ type: "tool-call", ...call });
        break;
      }
      case "usage":
        this.#usage = { input: part.input, output: part.output, details: part.details };
        break;
      case "finish":
        this.#finishReason = part.reason;
        break;
      case "response-metadata":
        this.#resolvedModel = part.model ?? this.#resolvedModel;
        break;
      case "raw":
        this.#raw = part.value;
        break;
    }
  }

  #push(event: string | ResponseEvent): void {
    this.#events.push(event);
    if (this.#waiters.length) this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** JSON text to an object: `""` is `{}`; text that is not a JSON object is kept as `{ _raw }`. */
function parseArguments(value: string | Record<string, unknown>): Record<string, unknown> {
  if (typeof value !== "string") return value;
  if (value.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  return { _raw: value };
}

/** Everything sent and received so far: the messages a follow-up builds on. */
export async function historyOf(response: Response): Promise<Message[]> {
  const output = await response.messages();
  return [...(sentOf(response)?.messages ?? []), ...output];
}

/** Read access to what a response sent, for conversations, chains and logs (not public API). */
const sent = new WeakMap<Response, () => Started | undefined>();

/** What the response sent, once it has started. @internal */
export function sentOf(response: Response): Started | undefined {
  return sent.get(response)?.();
}

let afterFinish: ((response: Response) => Promise<void>) | undefined;

/** Runs `hook` after every response finishes, before `text()` resolves (logging); `response.logged` is its promise. @internal */
export function setAfterFinish(hook: typeof afterFinish): void {
  afterFinish = hook;
}
