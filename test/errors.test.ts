import { describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";

describe("errors", () => {
  it("share a base class, a code, a cause and a cross-bundle brand", () => {
    const cause = new TypeError("fetch failed");
    const error = new llm.NetworkError("Could not reach api.openai.com", { cause });
    expect(error).toBeInstanceOf(llm.LlmError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("network_error");
    expect(error.name).toBe("NetworkError");
    expect(error.cause).toBe(cause);
    expect(llm.isLlmError(error)).toBe(true);
    expect(llm.NetworkError.is(error)).toBe(true);
    expect(llm.ApiError.is(error)).toBe(false);
    expect(llm.LlmError.is(error)).toBe(true);
    expect(llm.isLlmError(new Error("x"))).toBe(false);
    expect(llm.isLlmError(null)).toBe(false);
  });

  it("recognise an error made by another copy of the SDK (no instanceof)", () => {
    const foreign = Object.assign(new Error("Unknown model: x"), { code: "unknown_model" });
    Object.defineProperty(foreign, Symbol.for("llm-anywhere.error"), { value: true });
    expect(llm.isLlmError(foreign)).toBe(true);
    expect(llm.UnknownModelError.is(foreign)).toBe(true);
    expect(foreign instanceof llm.UnknownModelError).toBe(false);
  });

  it("ApiError: retryable statuses, retryAfter, and a URL without its query", () => {
    const make = (status: number) => new llm.ApiError({ status, url: "https://x.test/v1/chat?key=secret", providerMessage: "nope", type: "t" });
    expect([408, 409, 429, 500, 503].map((s) => make(s).isRetryable)).toEqual([true, true, true, true, true]);
    expect([400, 401, 404].map((s) => make(s).isRetryable)).toEqual([false, false, false]);
    const error = make(429);
    expect(error.url).toBe("https://x.test/v1/chat");
    expect(error.message).toBe("429 from https://x.test/v1/chat: nope (t)");
    expect(error.message).not.toContain("secret");
  });

  it("ChainLimitError says the limit as the Python library does", () => {
    expect(new llm.ChainLimitError(3).message).toBe("Chain limit of 3 exceeded.");
  });
});
