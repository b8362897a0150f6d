import { StreamError } from "../../errors.ts";

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
          throw signal?.aborted
            ? signal.reason
            : new StreamError("The connection broke while the answer was being read: retry the request.", { reason: "truncated", isRetryable: true }, { cause });
        });
        map(text, (part) => controller.enqueue(part));
        controller.close();
      },
      cancel: (reason) => response.body?.cancel(reason).catch(() => {}),
    },
    { highWaterMark: 0 },
  );
}
