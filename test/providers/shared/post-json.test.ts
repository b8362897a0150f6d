import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../../../src/errors.ts";
import { parseRetryAfter, postJson, readProviderError } from "../../../src/providers/shared/post-json.ts";
import { loadFixtureCases } from "../../helpers/fixtures.ts";
import { replayFetch } from "../../helpers/replay-fetch.ts";

const key = "sk-proj-SECRET-1234567890";

async function errorFrom(body: string, options: Parameters<typeof replayFetch>[1] = {}, url = "https://api.example.com/v1/chat?key=abcdef123") {
  const { fetch } = replayFetch(body, { status: 400, contentType: "application/json", ...options });
  return postJson({ url, body: {}, headers: { authorization: `Bearer ${key}` }, fetch }).then(
    () => {
      throw new Error("expected an ApiError");
    },
    (error: unknown) => error as ApiError,
  );
}

describe("postJson", () => {
  it("POSTs the JSON body with the headers and returns a 2xx response", async () => {
    const { fetch, requests } = replayFetch('{"ok":true}', { contentType: "application/json" });
    const response = await postJson({ url: "https://x.test/v1/a", body: { a: 1 }, headers: { "x-extra": "1" }, fetch });
    expect(await response.json()).toEqual({ ok: true });
    expect(requests[0]).toMatchObject({
      url: "https://x.test/v1/a",
      method: "POST",
      headers: { "content-type": "application/json", "x-extra": "1" },
      body: { a: 1 },
    });
  });

  it("turns an OpenAI error body into an ApiError with status, url without query, type, message and data", async () => {
    const body = { error: { message: "The model `x` does not exist", type: "invalid_request_error", code: "model_not_found", param: null } };
    const error = await errorFrom(JSON.stringify(body), { status: 404 });
    expect(ApiError.is(error)).toBe(true);
    expect(error.status).toBe(404);
    expect(error.url).toBe("https://api.example.com/v1/chat");
    expect(error.type).toBe("invalid_request_error");
    expect(error.providerMessage).toBe("The model `x` does not exist");
    expect(error.data).toEqual(body);
    expect(error.isRetryable).toBe(false);
    expect(error.message).not.toContain("abcdef123");
  });

  it("reads the error shapes of the recorded providers", async () => {
    for (const [provider, api] of [
      ["openai", "chat-completions"],
      ["openai-compatible", "chat-completions"],
      ["anthropic", "messages"],
      ["gemini", "generate-content"],
    ] as const) {
      for (const kase of loadFixtureCases(provider, api).filter((item) => item.status >= 400)) {
        const error = await errorFrom(new TextDecoder().decode(kase.body), { status: kase.status });
        const expected = kase.facts.error;
        expect(error.status, kase.id).toBe(kase.status);
        expect(error.providerMessage, kase.id).toBe(expected.message);
        const code = typeof expected.code === "string" ? expected.code : undefined;
        expect(error.type, kase.id).toBe(expected.type ?? code ?? expected.status ?? String(expected.code));
      }
    }
  });

  it("keeps a short excerpt of a body that is not JSON", async () => {
    const error = await errorFrom("<html>Bad gateway</html>", { status: 502, contentType: "text/html" });
    expect(error.providerMessage).toBe("<html>Bad gateway</html>");
    expect(error.data).toBe("<html>Bad gateway</html>");
    expect(error.isRetryable).toBe(true);
    const long = await errorFrom("x".repeat(1000), { status: 500 });
    expect(long.providerMessage!.length).toBeLessThan(320);
    const empty = await errorFrom("", { status: 503 });
    expect(empty.providerMessage).toBeUndefined();
    expect(empty.message).toContain("503");
  });

  it("never puts the key in an error, even when the server echoes it", async () => {
    const echoed = JSON.stringify({ error: { message: `Incorrect API key provided: ${key}.`, type: "invalid_request_error" } });
    const error = await errorFrom(echoed, { status: 401 });
    expect(error.message).not.toContain(key);
    expect(error.providerMessage).toBe("Incorrect API key provided: [redacted].");
    expect(JSON.stringify(error.data)).not.toContain(key);
    const queryKey = await errorFrom(JSON.stringify({ error: { message: "bad key abcdef123" } }), { status: 400 });
    expect(queryKey.providerMessage).toBe("bad key [redacted]");
  });

  it("reads retry-after-ms, retry-after in seconds and as an HTTP date, in milliseconds", async () => {
    const body = JSON.stringify({ error: { message: "Rate limit reached", type: "requests" } });
    const seconds = await errorFrom(body, { status: 429, headers: { "retry-after": "7" } });
    expect(seconds.retryAfter).toBe(7000);
    expect(seconds.isRetryable).toBe(true);
    const ms = await errorFrom(body, { status: 429, headers: { "retry-after-ms": "1500", "retry-after": "2" } });
    expect(ms.retryAfter).toBe(1500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 31 Dec 2025 00:00:00 GMT" }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });

  it("wraps a fetch that throws in a NetworkError that keeps the cause", async () => {
    const cause = new TypeError("fetch failed");
    const fetch: typeof globalThis.fetch = async () => {
      throw cause;
    };
    const error = await postJson({ url: "https://down.test/v1/x?key=abcdef123", body: {}, fetch }).catch((e: unknown) => e);
    expect(NetworkError.is(error)).toBe(true);
    expect((error as NetworkError).cause).toBe(cause);
    expect((error as NetworkError).isRetryable).toBe(true);
    expect((error as Error).message).toContain("https://down.test/v1/x");
    expect((error as Error).message).not.toContain("abcdef123");
  });

  it("leaves a base URL's user info out of errors (fetch refuses such URLs, so this is what users see)", async () => {
    // As real fetch does: constructing the request throws, with the whole URL in the message.
    const fetch: typeof globalThis.fetch = async (input) => (new globalThis.Request(input), new Response());
    const error = await postJson({ url: "https://proxy-user:s3cret-pass@proxy.test/v1/chat/completions", body: {}, fetch }).catch((e: unknown) => e);
    expect(NetworkError.is(error)).toBe(true);
    expect((error as Error).message).toContain("https://proxy.test/v1/chat/completions");
    expect((error as Error).message).not.toContain("s3cret-pass");
    expect((error as Error).message).not.toContain("proxy-user");
  });

  it("rethrows the abort reason untouched", async () => {
    const reason = new Error("stop");
    const fetch: typeof globalThis.fetch = async (_, init) => {
      init?.signal?.throwIfAborted();
      throw new DOMException("aborted", "AbortError");
    };
    await expect(postJson({ url: "https://x.test", body: {}, fetch, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const controller = new AbortController();
    const slow: typeof globalThis.fetch = (_, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const pending = postJson({ url: "https://x.test", body: {}, fetch: slow, signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("readProviderError understands the common shapes", () => {
    expect(readProviderError({ error: "plain" })).toEqual({ type: undefined, message: "plain" });
    expect(readProviderError({ message: "top level", code: "E1" })).toEqual({ type: "E1", message: "top level" });
    expect(readProviderError([{ error: { code: 404, status: "NOT_FOUND", message: "m" } }])).toEqual({ type: "NOT_FOUND", message: "m" });
    expect(readProviderError(null)).toEqual({});
  });
});
