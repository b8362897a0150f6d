/**
 * A `fetch` double that answers every request with one recorded body,
 * delivered whole or split at seeded random byte boundaries (including
 * inside multi-byte UTF-8 characters and between `\r` and `\n`), and that
 * records the requests it got. Reusable for every provider.
 */

export interface Split {
  /** Seed of the split points; the same seed gives the same chunks. */
  seed: number;
}

export interface ReplayOptions {
  /** @default 200 */
  status?: number;
  /** @default "text/event-stream" */
  contentType?: string;
  /** More response headers. */
  headers?: Record<string, string>;
  /** Omit (or `undefined`) for the whole body in one chunk. */
  split?: Split | undefined;
  /** Chunks to deliver instead of splitting `body` (for hand-made cases). */
  chunks?: Uint8Array[] | undefined;
  /** After the last chunk, error the body with this instead of ending it (a connection reset). */
  failWith?: unknown;
  /** After this many chunks, stop delivering (never end): for abort tests. */
  stallAfter?: number | undefined;
  /** Act like a fetch that does not abort bodies when the signal aborts. */
  ignoreSignal?: boolean | undefined;
}

export interface RecordedRequest {
  url: string;
  method: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body, parsed as JSON when it is JSON. */
  body: any;
  signal: AbortSignal | undefined;
}

export interface ReplayFetch {
  fetch: typeof globalThis.fetch;
  requests: RecordedRequest[];
  /** How many chunks were read from the body (summed over requests). */
  chunksRead: () => number;
  /** Whether the consumer cancelled the body. */
  cancelled: () => boolean;
}

const encoder = new TextEncoder();

/** Bytes of text or bytes as given. */
export function toBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === "string" ? encoder.encode(body) : body;
}

/** Serves `body` for every request. */
export function replayFetch(body: string | Uint8Array, options: ReplayOptions = {}): ReplayFetch {
  const bytes = toBytes(body);
  const requests: RecordedRequest[] = [];
  let read = 0;
  let cancelled = false;
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const signal = init.signal ?? undefined;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const text = typeof init.body === "string" ? init.body : "";
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    requests.push({ url: String(input instanceof Request ? input.url : input), method: init.method ?? "GET", headers, body: parsed, signal });
    signal?.throwIfAborted();
    const chunks = options.chunks ?? (options.split ? splitBytes(bytes, options.split.seed) : [bytes]);
    let index = 0;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let done = false;
    const source: UnderlyingDefaultSource<Uint8Array> = {
      start(streamController) {
        controller = streamController;
        // As fetch implementations do: aborting errors the body with the signal's reason.
        if (options.ignoreSignal) return;
        signal?.addEventListener("abort", () => {
          if (!done) {
            done = true;
            controller.error(signal.reason);
          }
        });
      },
      pull() {
        if (done) return;
        if (options.stallAfter !== undefined && index >= options.stallAfter) return new Promise<void>(() => {});
        if (index < chunks.length) {
          read++;
          // A copy, so consumers cannot rely on buffers staying put.
          controller.enqueue(chunks[index++]!.slice());
          return;
        }
        done = true;
        if (options.failWith !== undefined) controller.error(options.failWith);
        else controller.close();
      },
      cancel() {
        done = true;
        cancelled = true;
      },
    };
    // highWaterMark 0: nothing is read ahead, so `chunksRead` counts what the consumer asked for.
    const stream = new ReadableStream<Uint8Array>(source, { highWaterMark: 0 });
    return new Response(options.status === 204 ? null : stream, {
      status: options.status ?? 200,
      headers: { "content-type": options.contentType ?? "text/event-stream", ...options.headers },
    });
  };
  return { fetch, requests, chunksRead: () => read, cancelled: () => cancelled };
}

/** A small fast PRNG (mulberry32): deterministic per seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Splits `bytes` into chunks at seeded random offsets. The mean chunk size
 * varies with the seed (1 byte to 4 KiB, not below 16 for large bodies), and
 * every split set includes offsets inside multi-byte UTF-8 characters and
 * between `\r` and `\n` when the body has them.
 */
export function splitBytes(bytes: Uint8Array, seed: number): Uint8Array[] {
  const next = random(seed);
  const means = bytes.length > 20_000 ? [16, 64, 512, 4096] : [1, 2, 3, 8, 16, 64, 512];
  const mean = means[Math.floor(next() * means.length)]!;
  const cuts = new Set<number>();
  for (let offset = 0; ; ) {
    offset += 1 + Math.floor(next() * 2 * mean);
    if (offset >= bytes.length) break;
    cuts.add(offset);
  }
  const inUtf8: number[] = [];
  const inCrlf: number[] = [];
  for (let i = 1; i < bytes.length; i++) {
    if ((bytes[i]! & 0xc0) === 0x80) inUtf8.push(i);
    if (bytes[i - 1] === 0x0d && bytes[i] === 0x0a) inCrlf.push(i);
  }
  for (const special of [inUtf8, inCrlf]) {
    for (let n = 0; n < 3 && special.length; n++) cuts.add(special[Math.floor(next() * special.length)]!);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of sorted) {
    chunks.push(bytes.slice(start, cut));
    start = cut;
  }
  chunks.push(bytes.slice(start));
  return chunks;
}

/** The seeds a test runs: `count` of them, fixed. */
export function seeds(count: number, first = 1): number[] {
  return Array.from({ length: count }, (_, index) => first + index);
}
