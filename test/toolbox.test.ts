import { build } from "esbuild";
import { beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../src/index.ts";
import { Memory } from "../examples/tools/memory-toolbox.ts";

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage(), fetch: () => Promise.reject(new Error("echo must not fetch")) });
});

describe("Toolbox", () => {
  it("makes public methods into tools named ClassName_method, sorted, private ones and its own API left out", () => {
    const tools = new Memory().tools();
    expect(tools.map((tool) => tool.name)).toEqual(["Memory_append", "Memory_get", "Memory_keys", "Memory_set"]);
    expect(tools[3]!.definition()).toEqual({
      name: "Memory_set",
      description: "Set something as a key",
      parameters: {
        type: "object",
        properties: { key: { type: "string" }, value: { type: "string" } },
        required: ["key", "value"],
      },
    });
    expect(tools[2]!.parameters).toEqual({ type: "object", properties: {} });
  });

  it("uses the class name when no toolboxName is set, and inherited methods count", () => {
    class Base extends llm.Toolbox {
      shared() {
        return "base";
      }
    }
    class Derived extends Base {
      own() {
        return "own";
      }
    }
    expect(new Derived().tools().map((tool) => tool.name)).toEqual(["Derived_own", "Derived_shared"]);
  });

  it("keeps state across calls in a conversation (the seed's Memory example)", async () => {
    const memory = new Memory();
    const conversation = llm.getModel("echo").conversation({ tools: [memory] });
    const set = (value: string) => JSON.stringify({ tool_calls: [{ name: "Memory_set", arguments: { key: "name", value } }] });
    const after: string[] = [];
    await conversation.chain(set("Simon"), { afterCall: (tool, _call, result) => void after.push(`${tool.name}:${result.output}`) }).text();
    expect(memory._memory).toEqual({ name: "Simon" });
    await conversation.chain(set("Penguin")).text();
    expect(memory._memory).toEqual({ name: "Penguin" });
    const text = await conversation.chain(JSON.stringify({ tool_calls: [{ name: "Memory_get", arguments: { key: "name" } }] })).text();
    expect(text).toContain('"output": "Penguin"');
    expect(after).toEqual(["Memory_set:null"]);
  });

  it("addTool adds an unprefixed tool, with or without passSelf", async () => {
    class Box extends llm.Toolbox {
      static override toolboxName = "Box";
      label = "the box";
    }
    const box = new Box();
    box.addTool(
      function described(this: Box, { arg1, arg2 }: { arg1: string; arg2: number }) {
        return `Received ${arg1} and ${arg2} in ${this.label}`;
      },
      { passSelf: true, parameters: z.object({ arg1: z.string(), arg2: z.number() }) },
    );
    box.addTool(function plain(this: unknown) {
      return this === undefined ? "no self" : "self!";
    });
    box.addTool(llm.tool({ name: "ready_made", execute: () => "made" }));
    expect(box.tools().map((tool) => tool.name)).toEqual(["described", "plain", "ready_made"]);
    const ask = JSON.stringify({
      tool_calls: [{ name: "described", arguments: { arg1: "a", arg2: 2 } }, { name: "plain" }, { name: "ready_made" }],
    });
    const responses = [];
    for await (const response of llm.getModel("echo").chain(ask, { tools: [box] }).responses()) responses.push(response);
    const outputs = JSON.parse(await responses[1]!.text()).tool_results.map((result: { output: string }) => result.output);
    expect(outputs).toEqual(["Received a and 2 in the box", "no self", "made"]);
    expect(() => box.addTool(() => 1)).toThrow(/needs a name/);
  });

  it("runs prepare() once, before the first request, and its tools are offered", async () => {
    let prepared = 0;
    class Remote extends llm.Toolbox {
      static override toolboxName = "Remote";
      override async prepare() {
        prepared++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        this.addTool(llm.tool({ name: "discovered", execute: () => "found" }));
      }
    }
    const remote = new Remote();
    const offered: string[][] = [];
    const spy: llm.ModelAdapter = {
      modelId: "spy",
      supportsTools: true,
      execute: ({ tools }) => {
        offered.push(tools.map((tool) => tool.name));
        return new ReadableStream<llm.StreamPart>({ start: (controller) => (controller.enqueue({ type: "text-delta", text: "ok" }), controller.close()) });
      },
    };
    const model = new llm.Model(spy);
    await Promise.all([model.prompt("a", { tools: [remote] }).text(), model.prompt("b", { tools: [remote] }).text()]);
    await model.chain("c", { tools: [remote] }).text();
    expect(prepared).toBe(1);
    expect(offered).toEqual([["discovered"], ["discovered"], ["discovered"]]);
  });

  it("keeps its tool names in a minified browser bundle when toolboxName is set", async () => {
    const result = await build({
      stdin: {
        contents: `import * as llm from "./src/index.ts";
class SomeLongToolboxName extends llm.Toolbox {
  static toolboxName = "Notes";
  add() { return 1; }
  list() { return []; }
}
class Unnamed extends llm.Toolbox { go() {} }
globalThis.names = [...new SomeLongToolboxName().tools(), ...new Unnamed().tools()].map((tool) => tool.name);`,
        resolveDir: process.cwd(),
        loader: "ts",
      },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      conditions: ["llm-anywhere:source", "browser"],
      write: false,
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toContain("SomeLongToolboxName");
    const scope = globalThis as { names?: string[] };
    await import(`data:text/javascript,${encodeURIComponent(code)}`);
    expect(scope.names?.slice(0, 2)).toEqual(["Notes_add", "Notes_list"]);
    // Without toolboxName the minified class name leaks into the tool name: hence the advice.
    expect(scope.names?.[2]).not.toBe("Unnamed_go");
  });
});
