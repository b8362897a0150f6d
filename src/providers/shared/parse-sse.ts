import { createParser, type EventSourceMessage } from "eventsource-parser";
import { StreamError } from "../../errors.ts";

/** One server-sent event: `event` is `undefined` unless the server named it. */
export type SseEvent = EventSourceMessage;

/** What a provider supplies to turn its events into parts. */
export interface SseHandler<Part> {
  /**
   * Maps one event to parts, handing each to `enqueue`. Returns `true` when
   * the event is the provider's end marker (OpenAI's `[DONE]`): the stream
   * then closes and the rest of the body is cancelled. Throwing (a
   * `StreamError`) errors the stream.
   */
  onEvent(event: SseEvent, enqueue: (part: Part) => void): boolean | void;
  /**
   * The body ended and no event was the end marker. `unterminated` is the
   * last event if the body stopped before the blank line that ends it (the
   * standard discards such an event; a provider may accept it). Enqueue any
   * final parts and return to close the stream, or throw (a `StreamError`
   * with reason `truncated`) to error it.
   */
  onEnd(enqueue: (part: Part) => void, unterminated: SseEvent | undefined): void;
}

export interface ParseSseOptions {
  /** Aborting errors the stream with the signal's reason and cancels the body. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Turns a fetch `Response` whose body is an event stream into a stream of
 * parts, in one layer: each `pull` reads body chunks, decodes them with one
 * streaming `TextDecoder` (so UTF-8 split across reads is fine), and feeds
 * eventsource-parser, whose callback hands each event to `handler.onEvent`,
 * until at least one part is out. Nothing is read before a consumer asks
 * (`highWaterMark: 0`). Cancelling the returned stream cancels the body.
 */
export function parseSse<Part>(
  response: Response,
  handler: SseHandler<Part>,
  options: ParseSseOptions = {},
): ReadableStream<Part> {
  const { signal } = options;
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  let controller!: ReadableStreamDefaultController<Part>;
  let produced = false;
  let ended = false; // the end marker was seen
  let atEnd = false; // flushing after the body ended
  let settled = false;
  let unterminated: SseEvent | undefined;
  // An error raised after parts were enqueued in the same pull waits for the next pull:
  // erroring at once would drop those parts, which came before the error.
  let deferred: { error: unknown } | undefined;

  const enqueue = (part: Part): void => {
    produced = true;
    controller.enqueue(part);
  };
  const parser = createParser({
    onEvent(event) {
      if (ended) return;
      if (atEnd) unterminated = event;
      else if (handler.onEvent(event, enqueue) === true) ended = true;
    },
  });

  const onAbort = (): void => fail(signal!.reason);
  const finish = (): void => {
    settled = true;
    signal?.removeEventListener("abort", onAbort);
  };
  const fail = (error: unknown): void => {
    if (settled) return;
    finish();
    controller.error(error);
    reader?.cancel(error).catch(() => {});
  };

  return new ReadableStream<Part>(
    {
      start(streamController) {
        controller = streamController;
        if (signal?.aborted) fail(signal.reason);
        else signal?.addEventListener("abort", onAbort, { once: true });
      },
      async pull() {
        if (deferred) return fail(deferred.error);
        produced = false;
        try {
          while (!produced && !settled) {
            let result: ReadableStreamReadResult<Uint8Array>;
            try {
              result = reader ? await reader.read() : { done: true, value: undefined };
            } catch (cause) {
              throw readFailure(cause, signal);
            }
            if (settled) return;
            if (signal?.aborted) throw signal.reason;
            if (result.done) {
              atEnd = true;
              // Terminates a last line and a last event the body left open, so that they reach onEnd.
              parser.feed(`${decoder.decode()}\n\n`);
              handler.onEnd(enqueue, unterminated);
              finish();
              controller.close();
              return;
            }
            parser.feed(decoder.decode(result.value, { stream: true }));
            if (ended) {
              finish();
              controller.close();
              reader?.cancel().catch(() => {});
              return;
            }
          }
        } catch (error) {
          if (signal?.aborted) return fail(signal.reason);
          if (!produced) return fail(error);
          deferred = { error };
          reader?.cancel(error).catch(() => {});
        }
      },
      cancel(reason) {
        finish();
        return reader?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A body that could not be read: the abort reason when aborted, else a retryable `StreamError`. */
export function readFailure(cause: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted
    ? signal.reason
    : new StreamError("The connection broke while the answer was being read: retry the request.", { reason: "truncated", isRetryable: true }, { cause });
}
