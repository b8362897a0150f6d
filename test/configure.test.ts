import { afterEach, describe, expect, it, vi } from "vitest";
import * as llm from "../src/index.ts";
import { getEnv, getFetch } from "../src/configure.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("configure", () => {
  it("reads keys from process.env by default in Node", async () => {
    process.env.LLM_ANYWHERE_TEST_VAR = "yes";
    expect(getEnv().LLM_ANYWHERE_TEST_VAR).toBe("yes");
    delete process.env.LLM_ANYWHERE_TEST_VAR;
  });

  it("sets only what it names and keeps the rest", async () => {
    const fetch = async () => new Response("");
    await llm.configure({ fetch });
    await llm.configure({ env: { A: "1" } });
    expect(getFetch()).toBe(fetch);
    expect(getEnv()).toEqual({ A: "1" });
    await llm.configure({ fetch: undefined, env: undefined });
  });

  it("uses the global fetch at call time, called through globalThis", async () => {
    const seen: unknown[] = [];
    vi.stubGlobal("fetch", function (this: unknown, input: unknown) {
      seen.push(this, input);
      return Promise.resolve(new Response("ok"));
    });
    await getFetch()("https://x.test");
    expect(seen).toEqual([globalThis, "https://x.test"]);
  });

  it("says what to do when there is no fetch at all", () => {
    vi.stubGlobal("fetch", undefined);
    expect(() => getFetch()).toThrow(/llm\.configure\(\{ fetch \}\)/);
    expect(() => getFetch()).toThrow(llm.ConfigurationError);
  });
});
