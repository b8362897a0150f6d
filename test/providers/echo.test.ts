import { beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage(), fetch: () => Promise.reject(new Error("echo must not fetch")) });
});

const echo = () => llm.getModel("echo");

describe("echo (as the Python llm-echo plugin)", () => {
  it("answers with what it was asked, as Python's json.dumps(indent=2)", async () => {
    const text = await echo().prompt("prompt", { system: "system" }).text();
    expect(text).toBe(
      '{\n  "prompt": "prompt",\n  "system": "system",\n  "attachments": [],\n  "stream": true,\n  "previous": []\n}',
    );
  });

  it("reports options when set, and stream: false", async () => {
    const text = await echo().prompt("prompt", { system: "system", options: { example_bool: true }, stream: false }).text();
    expect(JSON.parse(text)).toEqual({
      prompt: "prompt",
      system: "system",
      attachments: [],
      stream: false,
      previous: [],
      options: { example_bool: true },
    });
  });

  it("answers a JSON prompt with raw exactly", async () => {
    expect(await echo().prompt('{"raw": "this is the raw text", "misc": "Other stuff"}').text()).toBe("this is the raw text");
  });

  it("requests tool calls from a JSON prompt, with generated ids", async () => {
    const response = echo().prompt(
      JSON.stringify({ tool_calls: [{ name: "example", arguments: { input: "test" } }, { name: "hello" }], prompt: "prompt" }),
      { system: "system" },
    );
    const calls = await response.toolCalls();
    expect(calls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([
      { name: "example", args: { input: "test" } },
      { name: "hello", args: {} },
    ]);
    expect(calls.every((call) => /^tc_/.test(call.toolCallId))).toBe(true);
    expect(JSON.parse(await response.text()).prompt).toBe("prompt");
  });

  it("lists earlier turns as previous, and only this turn's system and tool results", async () => {
    const history: llm.Message[] = [
      { role: "system", parts: [{ type: "text", text: "system" }] },
      { role: "user", parts: [{ type: "text", text: "hi1" }] },
      { role: "assistant", parts: [{ type: "tool-call", toolCallId: "c1", name: "hello", arguments: {} }] },
      { role: "tool", parts: [{ type: "tool-result", toolCallId: "c1", name: "hello", output: "world" }] },
      { role: "assistant", parts: [{ type: "text", text: "..." }] },
    ];
    const info = JSON.parse(await echo().prompt("hi2", { messages: history }).text());
    expect(info).toEqual({ prompt: "hi2", system: "", attachments: [], stream: true, previous: [{ prompt: "hi1" }, { prompt: "" }] });
    const tool = JSON.parse(await echo().prompt(undefined, { messages: history.slice(0, 4) }).text());
    expect(tool.tool_results).toEqual([{ name: "hello", output: "world", tool_call_id: "c1" }]);
    expect(tool.previous).toEqual([{ prompt: "hi1" }]);
  });

  it("escapes non-ASCII as Python does", async () => {
    expect(await echo().prompt("café ✓ 🐘").text()).toContain('"prompt": "caf\\u00e9 \\u2713 \\ud83d\\udc18"');
  });

  it("needs no key and makes no request", async () => {
    expect(echo().keyName).toBeUndefined();
    expect(JSON.parse(await echo().prompt("x").text()).prompt).toBe("x");
  });
});
