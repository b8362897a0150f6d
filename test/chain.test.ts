import { beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../src/index.ts";

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage(), fetch: () => Promise.reject(new Error("echo must not fetch")) });
});

const echo = () => llm.getModel("echo");
const ask = (calls: Array<{ name: string; arguments?: Record<string, unknown> }>, prompt = "") => JSON.stringify({ tool_calls: calls, prompt });

const example = llm.tool({
  name: "example",
  description: "An example",
  parameters: z.object({ input: z.string() }),
  execute: ({ input }) => `Example output for ${input}`,
});
const hello = llm.tool({ name: "hello", execute: () => "Hello world" });

describe("model.chain() with the echo model", () => {
  it("runs two tools in one round and sends both results back, system carried forward (the llm-echo case)", async () => {
    const chain = echo().chain(ask([{ name: "example", arguments: { input: "test" } }, { name: "hello" }], "prompt"), {
      system: "system",
      tools: [example, hello],
    });
    const responses: llm.Response[] = [];
    for await (const response of chain.responses()) responses.push(response);
    expect(responses).toHaveLength(2);
    const calls = await responses[0]!.toolCalls();
    expect(calls.map((call) => [call.name, call.arguments])).toEqual([
      ["example", { input: "test" }],
      ["hello", {}],
    ]);
    const second = JSON.parse(await responses[1]!.text());
    expect(second).toEqual({
      prompt: "",
      system: "system",
      attachments: [],
      stream: true,
      previous: [{ prompt: ask([{ name: "example", arguments: { input: "test" } }, { name: "hello" }], "prompt") }],
      tool_results: [
        { name: "example", output: "Example output for test", tool_call_id: calls[0]!.toolCallId },
        { name: "hello", output: "Hello world", tool_call_id: calls[1]!.toolCallId },
      ],
    });
  });

  it("streams every round's text with one space between rounds (display only)", async () => {
    const chain = echo().chain('{"tool_calls": [{"name": "hello"}]}', { tools: [llm.tool({ name: "hello", execute: async () => "world" })] });
    const text = await chain.text();
    expect(text).toContain("\n} {\n");
    const [first, second] = text.split("\n} {\n");
    expect(JSON.parse(`${first}\n}`)).toEqual({ prompt: "", system: "", attachments: [], stream: true, previous: [] });
    const round2 = JSON.parse(`{\n${second}`);
    expect(round2.previous).toEqual([{ prompt: '{"tool_calls": [{"name": "hello"}]}' }]);
    expect(round2.tool_results).toEqual([{ name: "hello", output: "world", tool_call_id: expect.stringMatching(/^tc_/) }]);
    const chunks: string[] = [];
    for await (const chunk of chain) chunks.push(chunk);
    expect(chunks.join("")).toBe(text);
    expect(chunks).toContain(" ");
  });

  it("adds no space when a round boundary already has whitespace", async () => {
    const model = echo();
    const chain = model.chain('{"tool_calls": [{"name": "t"}], "raw": "ends with newline\\n"}', {
      tools: [llm.tool({ name: "t", execute: () => "x" })],
    });
    const text = await chain.text();
    expect(text.startsWith("ends with newline\n{")).toBe(true);
  });

  it("tells the model what the Python library tells it, word for word", async () => {
    const chain = echo().chain(
      ask([
        { name: "object", arguments: {} },
        { name: "fails", arguments: {} },
        { name: "nope", arguments: {} },
        { name: "typed", arguments: { count: "three" } },
        { name: "nothing", arguments: {} },
      ]),
      {
        tools: [
          llm.tool({ name: "object", execute: () => ({ a: 1, b: [1, "x", true, null] }) }),
          llm.tool({
            name: "fails",
            execute: () => {
              throw new Error("bad thing");
            },
          }),
          llm.tool({ name: "typed", parameters: z.object({ count: z.number() }), execute: ({ count }) => count * 2 }),
          llm.tool({ name: "nothing", execute: () => undefined }),
        ],
      },
    );
    const responses = [];
    for await (const response of chain.responses()) responses.push(response);
    const outputs = JSON.parse(await responses[1]!.text()).tool_results.map((result: { output: string }) => result.output);
    expect(outputs[0]).toBe('{"a": 1, "b": [1, "x", true, null]}');
    expect(outputs[1]).toBe("Error: bad thing");
    expect(outputs[2]).toBe('Error: tool "nope" does not exist');
    expect(outputs[3]).toMatch(/^Error: Invalid arguments for tool typed at "count": /);
    expect(outputs[4]).toBe("null");
  });

  it("a call cancelled by beforeCall is skipped; its siblings still run; hooks may be async", async () => {
    const seen: string[] = [];
    const upper = llm.tool({
      name: "upper",
      parameters: z.object({ text: z.string() }),
      execute: ({ text }) => {
        seen.push(`ran ${text}`);
        return text.toUpperCase();
      },
    });
    const chain = echo().chain(ask([{ name: "upper", arguments: { text: "panda" } }, { name: "upper", arguments: { text: "badger" } }]), {
      tools: [upper],
      beforeCall: async (tool, call) => {
        seen.push(`before ${tool?.name} ${JSON.stringify(call.arguments)}`);
        if (String(call.arguments.text).includes("bad")) throw new llm.CancelToolCall("Not allowed to call upper on text containing 'bad'");
      },
      afterCall: async (tool, call, result) => void seen.push(`after ${tool.name} ${result.output}`),
    });
    const responses = [];
    for await (const response of chain.responses()) responses.push(response);
    const results = JSON.parse(await responses[1]!.text()).tool_results;
    expect(results.map((result: { output: string }) => result.output)).toEqual([
      "PANDA",
      "Cancelled: Not allowed to call upper on text containing 'bad'",
    ]);
    expect(seen).toContain("ran panda");
    expect(seen).not.toContain("ran badger");
    expect(seen).toContain("after upper PANDA");
    expect(seen.filter((line) => line.startsWith("after"))).toHaveLength(1);
  });

  it("runs a round's async tools concurrently and keeps the call order", async () => {
    const times: Record<string, [number, number]> = {};
    const slow = (name: string) =>
      llm.tool({
        name,
        execute: async () => {
          const start = performance.now();
          await new Promise((resolve) => setTimeout(resolve, 200));
          times[name] = [start, performance.now()];
          return name;
        },
      });
    const chain = echo().chain(ask([{ name: "first" }, { name: "second" }]), { tools: [slow("first"), slow("second")] });
    const responses = [];
    for await (const response of chain.responses()) responses.push(response);
    const [first, second] = [times.first!, times.second!];
    // Overlap: each started before the other finished.
    expect(second[0]).toBeLessThan(first[1]);
    expect(first[0]).toBeLessThan(second[1]);
    expect(JSON.parse(await responses[1]!.text()).tool_results.map((r: { output: string }) => r.output)).toEqual(["first", "second"]);
  });

  it("chainLimit counts model calls: 1 stops after the first response that asks for tools", async () => {
    let ran = 0;
    const counted = llm.tool({ name: "hello", execute: () => String(++ran) });
    const chain = echo().chain(ask([{ name: "hello" }]), { tools: [counted], chainLimit: 1 });
    const error = await chain.text().catch((e: unknown) => e);
    expect(llm.ChainLimitError.is(error)).toBe(true);
    expect((error as Error).message).toBe("Chain limit of 1 exceeded.");
    expect(ran).toBe(0);
  });

  it("chainLimit 2 allows a tool round and its answer; a response that asks for nothing never hits the limit", async () => {
    const hi = llm.tool({ name: "hello", execute: () => "hi" });
    expect(await echo().chain(ask([{ name: "hello" }]), { tools: [hi], chainLimit: 2 }).text()).toContain('"tool_results"');
    expect(await echo().chain("plain", { chainLimit: 1 }).text()).toContain('"prompt": "plain"');
  });

  it("has no limit by default: twelve tool rounds run", async () => {
    // A model that asks for the tool again until it has seen twelve results.
    const asker: llm.ModelAdapter = {
      modelId: "asker",
      supportsTools: true,
      execute: ({ messages }) => {
        const seen = messages.filter((message) => message.role === "tool").length;
        return new ReadableStream<llm.StreamPart>({
          start(controller) {
            controller.enqueue({ type: "text-delta", text: `round ${seen + 1}` });
            if (seen < 12) controller.enqueue({ type: "tool-call", name: "again", arguments: "{}" });
            controller.close();
          },
        });
      },
    };
    let ran = 0;
    const chain = new llm.Model(asker).chain("go", { tools: [llm.tool({ name: "again", execute: () => String(++ran) })] });
    const text = await chain.text();
    expect(ran).toBe(12);
    expect(text.endsWith("round 12 round 13")).toBe(true);
  });

  it("sends ToolOutput attachments to the model with the next round", async () => {
    const image: llm.AttachmentSource = {
      type: "image/png",
      url: "http://x/y.png",
      bytes: async () => new Uint8Array(),
      base64: async () => "",
      id: async () => "2a1bfc80ba379ca2746771a10e45f05564a1b2ae8cddf16cc1a8d331340b6b59",
    };
    const draw = llm.tool({ name: "draw", execute: () => new llm.ToolOutput({ output: "Image generated successfully", attachments: [image] }) });
    const responses = [];
    for await (const response of echo().chain(ask([{ name: "draw" }]), { tools: [draw] }).responses()) responses.push(response);
    const round2 = JSON.parse(await responses[1]!.text());
    expect(round2.tool_results[0].output).toBe("Image generated successfully");
    expect(round2.attachments).toEqual([
      { type: "image/png", path: null, url: "http://x/y.png", id: "2a1bfc80ba379ca2746771a10e45f05564a1b2ae8cddf16cc1a8d331340b6b59" },
    ]);
  });

  it("sends nothing until consumed, and fails clearly on a model without tools", async () => {
    let calls = 0;
    const counting: llm.ModelAdapter = {
      modelId: "counting",
      supportsTools: true,
      execute: () => {
        calls++;
        return new ReadableStream<llm.StreamPart>({ start: (controller) => (controller.enqueue({ type: "text-delta", text: "ok" }), controller.close()) });
      },
    };
    const chain = new llm.Model(counting).chain("x", { tools: [hello] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toBe(0);
    expect(await chain.text()).toBe("ok");
    expect(await chain.text()).toBe("ok");
    expect(calls).toBe(1);
    const noTools = new llm.Model({ modelId: "plain", execute: () => new ReadableStream() });
    expect(() => noTools.prompt("x", { tools: [hello] })).toThrow("Model: plain does not support tools");
    expect(() => noTools.prompt("x", { tools: [hello] })).toThrow(llm.ToolError);
  });
});
