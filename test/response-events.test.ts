/**
 * `response.streamEvents()`: typed events in order (text, reasoning, tool
 * calls) while plain iteration stays text only; `hideReasoning`; reasoning
 * blocks with their provider metadata in `messages()`, in the log, and back
 * from `loadConversation()`.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";
import { createAnthropicModel } from "../src/providers/anthropic/index.ts";
import { loadFixtureCases } from "./helpers/fixtures.ts";
import { replayFetch } from "./helpers/replay-fetch.ts";
import { scriptedAdapter } from "./helpers/scripted-adapter.ts";

const parts: llm.StreamPart[] = [
  { type: "response-metadata", model: "scripted-1" },
  { type: "reasoning-delta", text: "Let me " },
  { type: "reasoning-delta", text: "think." },
  { type: "reasoning-delta", text: "", providerMetadata: { scripted: { signature: "sig-1" } } },
  { type: "reasoning-delta", text: "", redacted: true, providerMetadata: { scripted: { data: "opaque" } } },
  { type: "text-delta", text: "Hello" },
  { type: "text-delta", text: " there" },
  { type: "tool-call", toolCallId: "call_1", name: "lookup", arguments: '{"q":"x"}', providerMetadata: { scripted: { thought: "t1" } } },
  { type: "finish", reason: "tool_calls" },
];

const collect = async <T>(iterable: AsyncIterable<T>) => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

afterEach(() => llm.configure({ fetch: undefined, env: {}, log: false, storage: undefined }));

describe("streamEvents()", () => {
  it("yields text, reasoning and tool calls in order; iteration and text() stay text only", async () => {
    const { adapter } = scriptedAdapter({ parts }, { keyName: undefined, keyEnvVar: undefined });
    const response = new llm.Model(adapter).prompt("hi");
    expect(await collect(response.streamEvents())).toEqual([
      { type: "reasoning", text: "Let me " },
      { type: "reasoning", text: "think." },
      { type: "text", text: "Hello" },
      { type: "text", text: " there" },
      { type: "tool-call", toolCallId: "call_1", name: "lookup", arguments: { q: "x" }, providerMetadata: { scripted: { thought: "t1" } } },
    ]);
    expect(await collect(response)).toEqual(["Hello", " there"]);
    expect(await response.text()).toBe("Hello there");
    expect(await response.reasoning()).toBe("Let me think.");
    // Replayed from the start, as often as asked.
    expect((await collect(response.streamEvents())).map((event) => event.type)).toEqual(["reasoning", "reasoning", "text", "text", "tool-call"]);
  });

  it("events arrive as they stream, before the answer is done", async () => {
    const { adapter } = scriptedAdapter({ parts, delayMs: 20 }, { keyName: undefined, keyEnvVar: undefined });
    const response = new llm.Model(adapter).prompt("hi");
    const iterator = response.streamEvents();
    expect((await iterator.next()).value).toEqual({ type: "reasoning", text: "Let me " });
    expect(String(response)).toContain("not yet done");
    await iterator.return?.();
    expect(await response.text()).toBe("Hello there");
  });

  it("hideReasoning: no reasoning events, and the hint reaches the provider; the blocks still go back in messages()", async () => {
    const { adapter, calls } = scriptedAdapter({ parts }, { keyName: undefined, keyEnvVar: undefined });
    const response = new llm.Model(adapter).prompt("hi", { hideReasoning: true });
    expect((await collect(response.streamEvents())).map((event) => event.type)).toEqual(["text", "text", "tool-call"]);
    expect(calls[0]!.hideReasoning).toBe(true);
    expect((await response.messages())[0]!.parts.filter((part) => part.type === "reasoning")).toHaveLength(2);
  });

  it("a chain's responses each have their events", async () => {
    const lookup = llm.tool({ name: "lookup", execute: () => "found" });
    const chain = llm.getModel("echo").chain(JSON.stringify({ tool_calls: [{ name: "lookup", arguments: { q: "x" } }] }), { tools: [lookup] });
    const types: string[][] = [];
    for await (const response of chain.responses()) types.push((await collect(response.streamEvents())).map((event) => event.type));
    expect(types).toEqual([["text", "tool-call"], ["text"]]);
    const again = llm.getModel("echo").chain(JSON.stringify({ tool_calls: [{ name: "lookup", arguments: { q: "x" } }] }), { tools: [lookup] });
    const events = await collect(again.streamEvents());
    // The space iteration puts between two rounds is a text event of its own.
    expect(events.map((event) => event.type)).toEqual(["text", "tool-call", "text", "text"]);
    expect(events[2]).toEqual({ type: "text", text: " " });
    expect(events.filter((event) => event.type === "text").map((event) => (event as { text: string }).text).join("")).toBe(await again.text());
  });
});

describe("reasoning blocks with provider metadata", () => {
  it("messages() keeps each block with its metadata, reasoning first, and the tool call's metadata", async () => {
    const { adapter } = scriptedAdapter({ parts }, { keyName: undefined, keyEnvVar: undefined });
    const [message] = await new llm.Model(adapter).prompt("hi").messages();
    expect(message!.parts).toEqual([
      { type: "reasoning", text: "Let me think.", providerMetadata: { scripted: { signature: "sig-1" } } },
      { type: "reasoning", text: "", redacted: true, providerMetadata: { scripted: { data: "opaque" } } },
      { type: "text", text: "Hello there" },
      { type: "tool-call", toolCallId: "call_1", name: "lookup", arguments: { q: "x" }, providerMetadata: { scripted: { thought: "t1" } } },
    ]);
  });

  it("a logged Anthropic conversation with thinking, loaded again, sends the signed thinking block back", async () => {
    const textCase = loadFixtureCases("anthropic", "messages", "anthropic").find((kase) => kase.name === "thinking-stream-sonnet-4-5")!;
    const requests: any[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const replay = replayFetch(textCase.body);
      const response = await replay.fetch(input, init);
      requests.push(replay.requests[0]!.body);
      return response;
    };
    await llm.configure({ fetch, env: { ANTHROPIC_API_KEY: "k" }, storage: llm.createMemoryStorage(), log: true });
    const model = new llm.Model(createAnthropicModel({ modelId: "anthropic/claude-sonnet-4-5", thinking: true }));
    llm.registerModels((register) => register(model.adapter));
    const first = model.conversation().prompt("Two names for a pet pelican, be brief", { options: { thinking: true } });
    await first.logged;
    const entry = await llm.logs.get(first.id);
    expect(entry?.reasoningParts).toEqual([
      { type: "reasoning", text: textCase.facts.thinking, providerMetadata: { anthropic: { signature: expect.stringMatching(/^Ev/) } } },
    ]);
    const restored = await llm.loadConversation(first.conversationId!);
    await restored.prompt("Two more", { options: { thinking: true } }).text();
    expect(requests[1].messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "thinking", thinking: textCase.facts.thinking, signature: expect.stringMatching(/^Ev/) },
        { type: "text", text: textCase.facts.text },
      ],
    });
    expect(requests[1].messages[1].content[0].signature).toBe((entry!.reasoningParts![0]!.providerMetadata!.anthropic as { signature: string }).signature);
  });
});
