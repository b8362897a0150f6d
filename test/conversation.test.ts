import { beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../src/index.ts";

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage(), fetch: () => Promise.reject(new Error("echo must not fetch")) });
});

describe("conversations", () => {
  it("send the whole history: earlier prompts show as previous, and the first system prompt is not sent again", async () => {
    const conversation = llm.getModel("echo").conversation();
    await conversation.prompt("hi1", { system: "system" }).text();
    const second = JSON.parse(await conversation.prompt("hi2").text());
    expect(second).toEqual({ prompt: "hi2", system: "", attachments: [], stream: true, previous: [{ prompt: "hi1" }] });
    expect(conversation.responses).toHaveLength(2);
    expect(conversation.id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it("send earlier answers, tool calls and tool results in the provider's format", async () => {
    const seen: llm.Message[][] = [];
    const recorder: llm.ModelAdapter = {
      modelId: "recorder",
      supportsTools: true,
      execute: ({ messages }) => {
        seen.push([...messages]);
        const asked = messages.at(-1)?.role === "user" && messages.at(-1)?.parts.some((part) => part.type === "text" && part.text === "use the tool");
        return new ReadableStream<llm.StreamPart>({
          start(controller) {
            controller.enqueue({ type: "text-delta", text: asked ? "calling" : `answer ${seen.length}` });
            if (asked) controller.enqueue({ type: "tool-call", toolCallId: "call_1", name: "upper", arguments: '{"text": "panda"}' });
            controller.close();
          },
        });
      },
    };
    const upper = llm.tool({ name: "upper", parameters: z.object({ text: z.string() }), execute: ({ text }) => text.toUpperCase() });
    const conversation = new llm.Model(recorder).conversation({ tools: [upper] });
    await conversation.chain("use the tool", { system: "be brief" }).text();
    await conversation.prompt("and now?").text();
    expect(seen).toHaveLength(3);
    expect(seen[2]).toEqual([
      { role: "system", parts: [{ type: "text", text: "be brief" }] },
      { role: "user", parts: [{ type: "text", text: "use the tool" }] },
      {
        role: "assistant",
        parts: [
          { type: "text", text: "calling" },
          { type: "tool-call", toolCallId: "call_1", name: "upper", arguments: { text: "panda" } },
        ],
      },
      { role: "tool", parts: [{ type: "tool-result", toolCallId: "call_1", name: "upper", output: "PANDA" }] },
      { role: "system", parts: [{ type: "text", text: "be brief" }] },
      { role: "assistant", parts: [{ type: "text", text: "answer 2" }] },
      { role: "user", parts: [{ type: "text", text: "and now?" }] },
    ]);
    expect(conversation.responses.map((response) => String(response))).toEqual(["calling", "answer 2", "answer 3"]);
  });

  it("apply the conversation's tools and hooks to every turn unless a turn gives its own", async () => {
    const calls: string[] = [];
    const a = llm.tool({ name: "a", execute: () => "A" });
    const b = llm.tool({ name: "b", execute: () => "B" });
    const conversation = llm.getModel("echo").conversation({ tools: [a], afterCall: (tool) => void calls.push(tool.name) });
    await conversation.chain(JSON.stringify({ tool_calls: [{ name: "a" }] })).text();
    const own = await conversation.chain(JSON.stringify({ tool_calls: [{ name: "a" }, { name: "b" }] }), { tools: [b] }).text();
    expect(own).toContain('Error: tool \\"a\\" does not exist');
    expect(calls).toEqual(["a", "b"]);
  });

  it("build on the last turn that finished when one fails", async () => {
    let attempt = 0;
    const flaky: llm.ModelAdapter = {
      modelId: "flaky",
      execute: ({ messages }) => {
        attempt++;
        if (attempt === 2) throw new Error("down");
        return new ReadableStream<llm.StreamPart>({
          start: (controller) => (controller.enqueue({ type: "text-delta", text: `${messages.length} messages` }), controller.close()),
        });
      },
    };
    const conversation = new llm.Model(flaky).conversation();
    expect(await conversation.prompt("one").text()).toBe("1 messages");
    await expect(conversation.prompt("two").text()).rejects.toThrow("down");
    // one, its answer, and three: the failed turn is left out.
    expect(await conversation.prompt("three").text()).toBe("3 messages");
  });

  it("wait for an earlier turn that nobody consumed, and send it first", async () => {
    const conversation = llm.getModel("echo").conversation();
    const first = conversation.prompt("first");
    const second = conversation.prompt("second");
    expect(JSON.parse(await second.text()).previous).toEqual([{ prompt: "first" }]);
    expect(JSON.parse(await first.text()).prompt).toBe("first");
  });
});
