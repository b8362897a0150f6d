import { ChainLimitError } from "./errors.ts";
import type { Model, PromptOptions } from "./model.ts";
import { finished, historyOf, type Response, type ResponseEvent } from "./response.ts";
import type { Message } from "./spec/message.ts";

export interface ChainOptions<Options = Record<string, unknown>> extends PromptOptions<Options> {
  /**
   * The most model calls the chain may make: when the Nth response still
   * asks for tools, the chain fails with `ChainLimitError` instead of
   * calling the model again.
   * @default no limit (as the Python library's `model.chain()`)
   */
  chainLimit?: number | undefined;
}

/** How a conversation takes part in a chain. @internal */
export interface ChainContext {
  history: () => Promise<readonly Message[]>;
  track: (response: Response) => void;
}

/**
 * The responses of a tool chain, as one: lazy like a `Response` (nothing is
 * sent until something consumes it), streamed round after round.
 */
export class ChainResponse implements AsyncIterable<string> {
  #model: Model<any>;
  #prompt: string | undefined;
  #options: ChainOptions<any>;
  #context: ChainContext | undefined;
  #responses: Response[] = [];
  #waiters: Array<() => void> = [];
  #run: Promise<void> | undefined;
  #state: "running" | "done" | "failed" = "running";
  #error: unknown;

  constructor(model: Model<any>, prompt: string | undefined, options: ChainOptions<any>, context?: ChainContext) {
    this.#model = model;
    this.#prompt = prompt;
    this.#options = options;
    this.#context = context;
  }

  /** The responses, each as soon as it is created (before it has streamed). */
  responses(): AsyncIterableIterator<Response> {
    this.#ensureStarted();
    let index = 0;
    const next = (): Promise<IteratorResult<Response>> => {
      if (index < this.#responses.length) return Promise.resolve({ done: false, value: this.#responses[index++]! });
      if (this.#state === "done") return Promise.resolve(finished);
      if (this.#state === "failed") return Promise.reject(this.#error);
      return new Promise<void>((resolve) => this.#waiters.push(resolve)).then(next);
    };
    return {
      next,
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /**
   * The text of every round as it streams, with one space between two rounds
   * when neither side has whitespace at the boundary (display only: the
   * model never sees it).
   */
  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for await (const event of this.streamEvents()) if (event.type == "text") yield event.text;
  }

  /** The events of every round as they stream (see `Response.streamEvents()`), with iteration's spaces between rounds. */
  async *streamEvents(): AsyncIterableIterator<ResponseEvent> {
    let last = "";
    for await (const response of this.responses()) {
      let first = true;
      for await (const event of response.streamEvents()) {
        if (event.type == "text") {
          if (first && last && !/\s$/.test(last) && !/^\s/.test(event.text)) yield { type: "text", text: " " };
          first = false;
          last = event.text;
        }
        yield event;
      }
    }
  }

  /** The text of every round, joined as iteration gives it. */
  async text(): Promise<string> {
    let text = "";
    for await (const chunk of this) text += chunk;
    return text;
  }

  #ensureStarted(): void {
    if (this.#run) return;
    this.#run = this.#drive().then(
      () => this.#settle("done"),
      (error: unknown) => {
        this.#error = error;
        this.#settle("failed");
      },
    );
  }

  #settle(state: "done" | "failed"): void {
    this.#state = state;
    this.#push();
  }

  #push(response?: Response): void {
    if (response) {
      this.#context?.track(response);
      // Outside a conversation, the rounds of a chain make one (named after its first response).
      response.conversationId ??= (this.#responses[0] ?? response).id;
      this.#responses.push(response);
    }
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  async #drive(): Promise<void> {
    const { chainLimit, ...options } = this.#options;
    const hooks = { beforeCall: options.beforeCall, afterCall: options.afterCall };
    const history = this.#context?.history ?? (async () => options.messages ?? []);
    let response = this.#model.promptAfter(history, this.#prompt, options);
    for (let count = 1; ; count++) {
      this.#push(response);
      const calls = await response.toolCalls();
      if (!calls.length) return;
      if (chainLimit !== undefined && count >= chainLimit) throw new ChainLimitError(chainLimit);
      const results = await response.executeToolCalls(hooks);
      const previous = response;
      // The next round: tool results, with the system prompt, options, tools and schema carried forward.
      const next = {
        ...options,
        messages: undefined,
        fragments: undefined,
        toolResults: results,
        attachments: results.flatMap((result) => result.attachments),
      } as PromptOptions<any>;
      response = this.#model.promptAfter(() => historyOf(previous), undefined, next);
    }
  }
}
