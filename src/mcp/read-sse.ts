import { createParser } from "eventsource-parser";

/** Where a stream got to: what a reconnection needs (`Last-Event-ID`, and how long to wait first). */
export interface SseState {
  /** The `id` of the last event that had one. */
  lastEventId: string | undefined;
  /** The last `retry` the server sent, in milliseconds. */
  retry: number | undefined;
}

/**
 * Reads an event-stream body, handing the `data` of each event that has any
 * to `onData`, until the body ends or `onData` returns `true` (the rest of
 * the body is then cancelled). `state` is updated as events arrive, so that
 * it is right even when reading fails half-way (the error is rethrown).
 * Priming events (an `id` with empty data, sent by servers that can resume)
 * only move `state`.
 */
export async function readSse(body: ReadableStream<Uint8Array> | null, onData: (data: string) => boolean | void, state: SseState): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let stop = false;
  const parser = createParser({
    onEvent(event) {
      if (stop) return;
      if (event.id !== undefined) state.lastEventId = event.id;
      if (event.data && onData(event.data) === true) stop = true;
    },
    onRetry(retry) {
      state.retry = retry;
    },
  });
  try {
    while (!stop) {
      const { done, value } = await reader.read();
      if (done) {
        // An event the body left unterminated still counts.
        parser.feed(`${decoder.decode()}\n\n`);
        return;
      }
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
