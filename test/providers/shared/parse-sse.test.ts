import { describe, expect, it } from "vitest";
import { StreamError } from "../../../src/errors.ts";
import { parseSse, type SseEvent, type SseHandler } from "../../../src/providers/shared/parse-sse.ts";
import { replayFetch, seeds, toBytes } from "../../helpers/replay-fetch.ts";

/** A handler that records events as parts; `END` is the end marker; `BOOM` throws. */
function recorder(options: { acceptUnterminated?: boolean } = {}) {
  const ends: Array<SseEvent | undefined> = [];
  const handler: SseHandler<SseEvent> = {
    onEvent(event, enqueue) {
      if (event.data === "BOOM") throw new StreamError("boom", { reason: "error-event" });
      if (event.data === "END") return true;
      enqueue(event);
    },
    onEnd(enqueue, unterminated) {
      ends.push(unterminated);
      if (unterminated && options.acceptUnterminated) {
        enqueue(unterminated);
        return;
      }
      throw new StreamError("ended early", { reason: "truncated" });
    },
  };
  return { handler, ends };
}

async function read<T>(stream: ReadableStream<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { items, error: undefined };
      items.push(value);
    }
  } catch (error) {
    return { items, error };
  }
}

async function parse(body: string | Uint8Array, options: { seed?: number; acceptUnterminated?: boolean } = {}) {
  const { fetch, cancelled } = replayFetch(body, { split: options.seed === undefined ? undefined : { seed: options.seed } });
  const { handler, ends } = recorder(options);
  const result = await read(parseSse(await fetch("http://x"), handler));
  return { ...result, ends, cancelled: cancelled() };
}

describe("parseSse", () => {
  it("hands each event to the provider and closes at its end marker", async () => {
    const { items, error, ends } = await parse("data: a\n\nevent: delta\ndata: b\nid: 7\n\ndata: END\n\n");
    expect(error).toBeUndefined();
    expect(items).toEqual([
      { data: "a", event: undefined, id: undefined },
      { data: "b", event: "delta", id: "7" },
    ]);
    expect(ends).toEqual([]);
  });

  it("handles CRLF and CR framing, comments, multi-line data and a BOM, split anywhere", async () => {
    const body = "\uFEFF: keep-alive\r\ndata: héllo 🦩\r\ndata: second line\r\n\r\n:comment\rdata: €\r\rdata: END\r\n\r\n";
    for (const seed of seeds(200)) {
      const { items, error } = await parse(body, { seed });
      expect(error, `seed ${seed}`).toBeUndefined();
      expect(
        items.map((item) => item.data),
        `seed ${seed}`,
      ).toEqual(["héllo 🦩\nsecond line", "€"]);
    }
  });

  it("decodes UTF-8 split inside characters, one byte per read", async () => {
    const bytes = toBytes("data: 🦩 pelican ünïcödé\n\ndata: END\n\n");
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const { fetch } = replayFetch("", { chunks });
    const { handler } = recorder();
    const { items } = await read(parseSse(await fetch("http://x"), handler));
    expect(items.map((item) => item.data)).toEqual(["🦩 pelican ünïcödé"]);
  });

  it("ignores what follows the end marker and cancels the rest of the body", async () => {
    const { fetch, cancelled, chunksRead } = replayFetch("", {
      chunks: [toBytes("data: a\n\ndata: END\n\ndata: after\n\n"), toBytes("data: more\n\n"), toBytes("data: more\n\n")],
    });
    const { handler } = recorder();
    const { items, error } = await read(parseSse(await fetch("http://x"), handler));
    expect(error).toBeUndefined();
    expect(items.map((item) => item.data)).toEqual(["a"]);
    expect(chunksRead()).toBe(1);
    expect(cancelled()).toBe(true);
  });

  it("lets the provider decide when the body ends without the marker", async () => {
    const result = await parse("data: a\n\n");
    expect(result.items.map((item) => item.data)).toEqual(["a"]);
    expect(StreamError.is(result.error) && result.error.reason).toBe("truncated");
    expect(result.ends).toEqual([undefined]);
  });

  it("reports an event left without its blank line as unterminated", async () => {
    for (const body of ["data: a\n\ndata: END", "data: a\n\ndata: END\n", "data: a\r\n\r\ndata: END\r\n"]) {
      const rejected = await parse(body);
      expect(rejected.ends).toEqual([{ data: "END", event: undefined, id: undefined }]);
      expect(StreamError.is(rejected.error)).toBe(true);
      const accepted = await parse(body, { acceptUnterminated: true });
      expect(accepted.error).toBeUndefined();
      expect(accepted.items.map((item) => item.data)).toEqual(["a", "END"]);
    }
  });

  it("treats a body cut in the middle of a line as no event at all", async () => {
    const result = await parse('data: a\n\ndata: {"partial');
    expect(result.ends).toEqual([{ data: '{"partial', event: undefined, id: undefined }]);
    const noData = await parse("data: a\n\nda");
    expect(noData.ends).toEqual([undefined]);
  });

  it("an empty body and a missing body both end early", async () => {
    expect(StreamError.is((await parse("")).error)).toBe(true);
    const { handler, ends } = recorder();
    const { error } = await read(parseSse(new Response(null, { status: 200 }), handler));
    expect(StreamError.is(error)).toBe(true);
    expect(ends).toEqual([undefined]);
  });

  it("delivers the parts that came before a provider error, then the error", async () => {
    const { items, error, cancelled } = await parse("data: a\n\ndata: b\n\ndata: BOOM\n\ndata: c\n\ndata: END\n\n");
    expect(items.map((item) => item.data)).toEqual(["a", "b"]);
    expect(StreamError.is(error) && error.reason).toBe("error-event");
    expect(cancelled).toBe(true);
  });

  it("turns a broken connection into a truncated StreamError, keeping the cause", async () => {
    const reset = new TypeError("terminated");
    const { fetch } = replayFetch("data: a\n\n", { failWith: reset });
    const { handler } = recorder();
    const { items, error } = await read(parseSse(await fetch("http://x"), handler));
    expect(items.map((item) => item.data)).toEqual(["a"]);
    expect(StreamError.is(error) && error.reason).toBe("truncated");
    expect((error as Error).cause).toBe(reset);
  });

  it("cancelling the parts stream cancels the body", async () => {
    const { fetch, cancelled } = replayFetch("data: a\n\ndata: b\n\n", { stallAfter: 1 });
    const { handler } = recorder();
    const reader = parseSse(await fetch("http://x"), handler).getReader();
    expect((await reader.read()).value?.data).toBe("a");
    await reader.cancel("stop");
    expect(cancelled()).toBe(true);
  });

  it("reads nothing before a consumer asks", async () => {
    const { fetch, chunksRead } = replayFetch("data: a\n\ndata: END\n\n");
    const { handler } = recorder();
    const stream = parseSse(await fetch("http://x"), handler);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(chunksRead()).toBe(0);
    await read(stream);
    expect(chunksRead()).toBe(1);
  });

  it("errors with the abort reason when the signal aborts mid-stream, even if the body never ends", async () => {
    const controller = new AbortController();
    const { fetch, cancelled } = replayFetch("data: a\n\ndata: b\n\n", { chunks: [toBytes("data: a\n\n")], stallAfter: 1 });
    // A fetch that ignores the signal: parseSse must still stop.
    const response = await fetch("http://x");
    const { handler } = recorder();
    const reader = parseSse(response, handler, { signal: controller.signal }).getReader();
    expect((await reader.read()).value?.data).toBe("a");
    const reason = new Error("user stopped");
    const pending = reader.read();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(cancelled()).toBe(true);
  });

  it("errors at once with an already aborted signal", async () => {
    const { fetch } = replayFetch("data: a\n\n");
    const response = await fetch("http://x");
    const { handler } = recorder();
    const reason = new Error("too late");
    const { error } = await read(parseSse(response, handler, { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
  });
});
