import { afterEach, describe, expect, it, vi } from "vitest";
import * as llm from "../../../src/index.ts";
import { createAnthropicPlugin } from "../../../src/providers/anthropic/index.ts";
import { replayFetch } from "../../helpers/replay-fetch.ts";

const answer = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":3,"output_tokens":1}}}\n\n',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
].join("");

afterEach(async () => {
  vi.unstubAllGlobals();
  await llm.configure({ browser: undefined });
});

describe("Anthropic from a web page", () => {
  it("without browser: true, a page's call fails and says what to do; nothing is sent", async () => {
    vi.stubGlobal("document", {});
    llm.registerModels(createAnthropicPlugin({ apiBase: "https://proxy.test" }));
    const replay = replayFetch(answer);
    await llm.configure({ fetch: replay.fetch, env: {} });
    const error = await llm.getModel("claude-sonnet-4.5").prompt("hi", { key: "sk-ant-user" }).text().catch((e: unknown) => e);
    expect(llm.ConfigurationError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/llm\.configure\(\{ browser: true \}\).*createAnthropicPlugin\(\{ browser: true \}\)/);
    expect((error as Error).message).not.toContain("sk-ant-user");
    expect(replay.requests).toHaveLength(0);
  });

  it("with browser: true, sends Anthropic's direct-browser-access header", async () => {
    vi.stubGlobal("document", {});
    llm.registerModels(createAnthropicPlugin({ browser: true }));
    const replay = replayFetch(answer);
    await llm.configure({ fetch: replay.fetch, env: {} });
    expect(await llm.getModel("claude-sonnet-4.5").prompt("hi", { key: "sk-ant-user" }).text()).toBe("Hi");
    expect(replay.requests[0]!.headers["anthropic-dangerous-direct-browser-access"]).toBe("true");
    expect(replay.requests[0]!.headers["x-api-key"]).toBe("sk-ant-user");
  });

  it("llm.configure({ browser: true }) allows it for every provider that needs it; a plugin's own false still wins", async () => {
    vi.stubGlobal("document", {});
    llm.registerModels(createAnthropicPlugin({ apiBase: "https://proxy.test" }));
    const replay = replayFetch(answer);
    await llm.configure({ fetch: replay.fetch, env: {}, browser: true });
    expect(await llm.getModel("claude-sonnet-4.5").prompt("hi", { key: "sk-ant-user" }).text()).toBe("Hi");
    expect(replay.requests[0]!.headers["anthropic-dangerous-direct-browser-access"]).toBe("true");
    llm.registerModels(createAnthropicPlugin({ browser: false }));
    const error = await llm.getModel("claude-sonnet-4.5").prompt("hi", { key: "sk-ant-user" }).text().catch((e: unknown) => e);
    expect(llm.ConfigurationError.is(error)).toBe(true);
  });

  it("outside a page (Node, Workers, Deno) no header is needed or sent", async () => {
    llm.registerModels(createAnthropicPlugin());
    const replay = replayFetch(answer);
    await llm.configure({ fetch: replay.fetch, env: { ANTHROPIC_API_KEY: "sk-ant-env" } });
    expect(await llm.getModel("claude-sonnet-4.5").prompt("hi").text()).toBe("Hi");
    expect(replay.requests[0]!.headers["anthropic-dangerous-direct-browser-access"]).toBeUndefined();
  });
});
