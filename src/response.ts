import type { StreamPart } from "./spec/stream-part.ts";
import { ulid } from "./ulid.ts";

/** Token counts, as the provider reported them. */
export interface Usage {
  input: number | undefined;
  output: number | undefined;
  /** Provider-specific extras (cached tokens, reasoning tokens, ...). */
  details: Record<string, unknown> | undefined;
}

/** A tool call the model asked for. */
export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
  /** The provider's id, or a generated `tc_<ulid>`: every call has one. */
  toolCallId: string;
}

export interface ResponseInit {
  /** The prompt text (for display; never the key). */
  prompt: string;
  /** Starts the request; called once, by the first consumer. */
  start: () => ReadableStream<StreamPart> | Promise<ReadableStream<StreamPart>>;
  signal?: AbortSignal | undefined;
}

type State = "idle" | "running" | "done" | "failed";

/**
 * The answer to a prompt. Lazy: nothing is sent until something consumes it
 * (`text()`, iteration, `textStream`, `usage()`, ...). However many consumers,
 * exactly one request is made; a finished response replays its text.
 */
export class Response implements AsyncIterable<string> {
  /** The prompt text. */
  readonly prompt: string;
  #start: ResponseInit["start"];
  #signal: AbortSignal | undefined;
  #state: State = "idle";
  #run: Promise<void> | undefined;
  #error: unknown;
  #chunks: string[] = [];
  #text: string | undefined;
  #reasoning = "";
  #waiters: Array<() => void> = [];
  #toolCalls: ToolCall[] = [];
  #usage: Usage = { input: undefined, output: undefined, details: undefined };
  #finishReason: string | undefined;
  #resolvedModel: string | undefined;
  #raw: unknown;
  #startedAt: number | undefined;
  #durationMs: number | undefined;
  #onDone: Array<(response: Response) => unknown> = [];

  constructor(init: ResponseInit) {
    this.prompt = init.prompt;
    this.#start = init.start;
    this.#signal = init.signal;
  }

  /** The whole text. */
  async text(): Promise<string> {
    await this.#finished();
    return (this.#text ??= this.#chunks.join(""));
  }

  /** Text chunks as they arrive (replayed from the start by every new iteration). */
  [Symbol.asyncIterator](): AsyncIterator<string> {
    this.#ensureStarted();
    let index = 0;
    const next = (): Promise<IteratorResult<string>> => {
      if (index < this.#chunks.length) return Promise.resolve({ done: false, value: this.#chunks[index++]! });
      if (this.#state === "done") return Promise.resolve({ done: true, value: undefined });
      if (this.#state === "failed") return Promise.reject(this.#error);
      return new Promise<void>((resolve) => this.#waiters.push(resolve)).then(next);
    };
    return {
      next,
      return: () => {
        index = Number.POSITIVE_INFINITY;
        return Promise.resolve({ done: true, value: undefined });
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
    return this.#reasoning;
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

  /** The text once finished; before that, a description that says it is not done. */
  toString(): string {
    if (this.#state === "done") return this.#text ?? this.#chunks.join("");
    const prompt = this.prompt.length > 60 ? `${this.prompt.slice(0, 57)}...` : this.prompt;
    const status = this.#state === "failed" ? "failed" : "... not yet done ...";
    return `<Response prompt='${prompt}' text='${status}'>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.#state === "done" ? `<Response prompt='${this.prompt}' text='${this.toString()}'>` : this.toString();
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
    const signal = this.#signal;
    let reader: ReadableStreamDefaultReader<StreamPart> | undefined;
    const onAbort = () => void reader?.cancel(signal!.reason).catch(() => {});
    try {
      signal?.throwIfAborted();
      reader = (await this.#start()).getReader();
      signal?.addEventListener("abort", onAbort, { once: true });
      for (;;) {
        signal?.throwIfAborted();
        const { done, value } = await reader.read();
        if (done) break;
        this.#handle(value);
      }
      signal?.throwIfAborted();
      this.#durationMs = Math.round(performance.now() - started);
      this.#state = "done";
    } catch (error) {
      this.#state = "failed";
      this.#error = error;
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.#wake();
    }
    for (const callback of this.#onDone.splice(0)) await callback(this);
  }

  #handle(part: StreamPart): void {
    switch (part.type) {
      case "text-delta":
        if (part.text) {
          this.#chunks.push(part.text);
          if (this.#waiters.length) this.#wake();
        }
        break;
      case "reasoning-delta":
        this.#reasoning += part.text;
        break;
      case "tool-call":
        this.#toolCalls.push({
          name: part.name,
          arguments: parseArguments(part.arguments),
          toolCallId: part.toolCallId || `tc_${ulid()}`,
        });
        break;
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
