import { StreamError } from "../../errors.ts";
import { parseSse, readFailure, type SseHandler } from "./parse-sse.ts";

/**
 * A whole (non-streamed) answer as a stream of parts: the body is read when
 * the stream is first pulled, then `map` turns its text into parts, usually
 * with the provider's stream mapper, so both kinds of answer go through the
 * same code. Aborting is the fetch's and `Response`'s job (it cancels this stream).
 */
export function readWhole<Part>(
  response: Response,
  map: (text: string, enqueue: (part: Part) => void) => void,
  signal: AbortSignal | undefined,
): ReadableStream<Part> {
  return new ReadableStream<Part>(
    {
      async pull(controller) {
        const text = await response.text().catch((cause: unknown) => {
          throw readFailure(cause, signal);
        });
        map(text, (part) => controller.enqueue(part));
        controller.close();
      },
      cancel: (reason) => response.body?.cancel(reason).catch(() => {}),
    },
    { highWaterMark: 0 },
  );
}

/**
 * The parts of an answer: streamed events through `parseSse`, or one JSON
 * body (asked for with `stream: false`, or sent by a server that ignores
 * `stream: true`) as a single event through the same handler, which must
 * take it as a complete answer.
 */
export function mapAnswer<Part>(response: Response, handler: SseHandler<Part>, stream: boolean, signal: AbortSignal | undefined): ReadableStream<Part> {
  if (stream && !/json/i.test(response.headers.get("content-type") ?? "")) return parseSse(response, handler, { signal });
  return readWhole(
    response,
    (text, enqueue) => {
      if (!handler.onEvent({ data: text, event: undefined, id: undefined }, enqueue)) {
        throw new StreamError("The answer is incomplete or not what the API sends: check the base URL and the model name.", { reason: "malformed", data: text });
      }
    },
    signal,
  );
}
