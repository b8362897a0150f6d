import { describe, expect, it } from "vitest";
import * as z from "zod";
import * as zm from "zod/mini";
import * as llm from "../src/index.ts";
import { executeToolCalls } from "../src/execute-tool-calls.ts";

const call = (name: string, args: Record<string, unknown> = {}): llm.ToolCall => ({ name, arguments: args, toolCallId: `id_${name}` });

describe("llm.tool()", () => {
  it("derives the JSON Schema from zod, a Standard JSON Schema or a plain JSON Schema", () => {
    const fromZod = llm.tool({ name: "a", parameters: z.object({ text: z.string().describe("the text") }), execute: () => "" });
    expect(fromZod.parameters).toEqual({ type: "object", properties: { text: { type: "string", description: "the text" } }, required: ["text"] });
    const standard: llm.StandardJSONSchemaV1 = {
      "~standard": {
        version: 1,
        vendor: "custom",
        jsonSchema: { input: () => ({ $schema: "x", type: "object", properties: { n: { type: "number" } } }), output: () => ({}) },
      },
    };
    expect(llm.tool({ name: "b", parameters: standard, execute: () => "" }).parameters).toEqual({ type: "object", properties: { n: { type: "number" } } });
    const plain = { type: "object", properties: { q: { type: "string" } }, required: ["q"] };
    expect(llm.tool({ name: "c", parameters: plain, execute: () => "" }).parameters).toBe(plain);
    expect(llm.tool({ name: "d", execute: () => "" }).definition()).toEqual({ name: "d", description: undefined, parameters: { type: "object", properties: {} } });
  });

  it("says what to do with a schema that cannot describe itself (zod/mini)", () => {
    expect(() => llm.tool({ name: "m", parameters: zm.object({ a: zm.string() }), execute: () => "" })).toThrow(/Standard JSON Schema/);
  });

  it("validates arguments: zod parses (and transforms) them; invalid ones become an error result", async () => {
    const add = llm.tool({
      name: "add",
      parameters: z.object({ a: z.number(), b: z.coerce.number() }),
      execute: ({ a, b }) => a + b,
    });
    const [ok, bad] = await executeToolCalls([call("add", { a: 1, b: "2" }), call("add", { a: "one", b: 2 })], [add]);
    expect(ok!.output).toBe("3");
    expect(bad!.output).toMatch(/^Error: Invalid arguments for tool add at "a": /);
    expect(llm.ToolError.is(bad!.exception)).toBe(true);
  });

  it("checks required arguments and top-level types against a plain JSON Schema", async () => {
    const search = llm.tool({
      name: "search",
      parameters: { type: "object", properties: { q: { type: "string" }, limit: { type: "integer" } }, required: ["q"] },
      execute: (args) => `searched ${String(args.q)}`,
    });
    const results = await executeToolCalls([call("search", { q: "x" }), call("search", {}), call("search", { q: "x", limit: 1.5 })], [search]);
    expect(results.map((result) => result.output)).toEqual([
      "searched x",
      'Error: Invalid arguments for tool search: missing required argument "q"',
      'Error: Invalid arguments for tool search: "limit" should be integer, got 1.5',
    ]);
  });

  it("passes the tool call to execute, and a sync or async result the same way", async () => {
    const seen: llm.ToolCall[] = [];
    const sync = llm.tool({ name: "sync", execute: (_args, toolCall) => (seen.push(toolCall), "s") });
    const slow = llm.tool({ name: "slow", execute: async () => ({ list: [1, 2] }) });
    const results = await executeToolCalls([call("sync"), call("slow")], [sync, slow]);
    expect(results.map(({ name, output, toolCallId }) => ({ name, output, toolCallId }))).toEqual([
      { name: "sync", output: "s", toolCallId: "id_sync" },
      { name: "slow", output: '{"list": [1, 2]}', toolCallId: "id_slow" },
    ]);
    expect(seen[0]).toEqual(call("sync"));
  });

  it("rethrows a hook's own error once every call has settled", async () => {
    let finished = 0;
    const slow = llm.tool({ name: "slow", execute: async () => (await new Promise((r) => setTimeout(r, 10)), finished++, "done") });
    const failing = executeToolCalls([call("slow"), call("other")], [slow], {
      beforeCall: (tool) => {
        if (!tool) throw new Error("hook broke");
      },
    });
    await expect(failing).rejects.toThrow("hook broke");
    expect(finished).toBe(1);
  });

  it("needs a name", () => {
    expect(() => llm.tool({ name: "", execute: () => "" })).toThrow(llm.ToolError);
  });
});
