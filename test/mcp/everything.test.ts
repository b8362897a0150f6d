/**
 * llm-anywhere/mcp against the reference server, @modelcontextprotocol/server-everything
 * (Streamable HTTP, on 127.0.0.1, a free port), through chains driven by the echo model.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as llm from "llm-anywhere";
import { mcp, type McpProgress } from "llm-anywhere/mcp";
import { startEverything, type StartedServer } from "./helpers/start-everything.ts";

let first: StartedServer;
let second: StartedServer;

beforeAll(async () => {
  [first, second] = await Promise.all([startEverything(), startEverything()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
});

/** Runs the tool calls through a chain driven by the echo model; returns what the model got in the last round. */
async function runChain(tools: llm.ToolLike[], calls: Array<{ name: string; arguments: Record<string, unknown> }>) {
  const chain = llm.getModel("echo").chain(JSON.stringify({ tool_calls: calls }), { tools });
  const responses: llm.Response[] = [];
  for await (const response of chain.responses()) responses.push(response);
  expect(responses).toHaveLength(2);
  return JSON.parse(await responses[1]!.text()) as {
    tool_results: Array<{ name: string; output: string }>;
    attachments: Array<{ type: string; id: string }>;
  };
}

describe("server-everything", () => {
  it("lists its tools with their descriptions and input schemas, prefixed with the toolbox's name", async () => {
    const everything = mcp({ url: first.url, name: "everything" });
    try {
      await everything.ensurePrepared();
      expect(everything.serverInfo?.name).toBe("mcp-servers/everything");
      expect(everything.protocolVersion).toBe("2025-11-25");
      expect(everything.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      const names = everything.tools().map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(["everything_echo", "everything_get-sum", "everything_get-tiny-image", "everything_trigger-long-running-operation"]));
      // Sampling and elicitation are not advertised, so the tools that need them are not offered.
      expect(names.some((name) => /sampling|elicitation/.test(name))).toBe(false);
      const echo = everything.tools().find((tool) => tool.name === "everything_echo")!;
      expect(echo.definition()).toEqual({
        name: "everything_echo",
        description: "Echoes back the input string",
        parameters: { type: "object", properties: { message: { type: "string", description: "Message to echo" } }, required: ["message"] },
      });
    } finally {
      await everything.close();
    }
  });

  it("calls echo, get-sum, a long-running tool with progress and an image tool through a chain", async () => {
    const progress: McpProgress[] = [];
    const everything = mcp({ url: first.url, name: "everything", onProgress: (update) => progress.push(update) });
    try {
      const last = await runChain(
        [everything],
        [
          { name: "everything_echo", arguments: { message: "pelican" } },
          { name: "everything_get-sum", arguments: { a: 2, b: 40 } },
          { name: "everything_trigger-long-running-operation", arguments: { duration: 0.6, steps: 3 } },
          { name: "everything_get-tiny-image", arguments: {} },
        ],
      );
      expect(last.tool_results.map(({ name, output }) => ({ name, output }))).toEqual([
        { name: "everything_echo", output: "Echo: pelican" },
        { name: "everything_get-sum", output: "The sum of 2 and 40 is 42." },
        { name: "everything_trigger-long-running-operation", output: "Long running operation completed. Duration: 0.6 seconds, Steps: 3." },
        { name: "everything_get-tiny-image", output: "Here's the image you requested:\nThe image above is the MCP logo." },
      ]);
      expect(progress).toEqual([1, 2, 3].map((step) => ({ tool: "everything_trigger-long-running-operation", progress: step, total: 3, message: undefined })));
      // The image reached the model as an attachment: the PNG the server sent, byte for byte.
      const { MCP_TINY_IMAGE } = (await import("@modelcontextprotocol/server-everything/dist/tools/get-tiny-image.js" as string)) as { MCP_TINY_IMAGE: string };
      expect(last.attachments).toEqual([
        { type: "image/png", path: null, url: null, id: createHash("sha256").update(Buffer.from(MCP_TINY_IMAGE, "base64")).digest("hex") },
      ]);
    } finally {
      await everything.close();
    }
  });

  it("uses two servers together, their tools told apart by the toolboxes' names", async () => {
    const a = mcp({ url: first.url, name: "a" });
    const b = mcp({ url: second.url, name: "b" });
    try {
      const last = await runChain(
        [a, b],
        [
          { name: "a_echo", arguments: { message: "from a" } },
          { name: "b_get-sum", arguments: { a: 1, b: 1 } },
        ],
      );
      expect(last.tool_results.map((result) => result.output)).toEqual(["Echo: from a", "The sum of 1 and 1 is 2."]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("tells the model the server's error for invalid arguments", async () => {
    const everything = mcp({ url: first.url });
    try {
      const last = await runChain([everything], [{ name: "get-sum", arguments: { a: 1, b: "two" } }]);
      // Caught by the tool's schema before anything is sent.
      expect(last.tool_results[0]!.output).toBe('Error: Invalid arguments for tool get-sum: "b" should be number, got "two"');
    } finally {
      await everything.close();
    }
  });

  it("ends the session with DELETE on close()", async () => {
    const everything = mcp({ url: first.url });
    await everything.ensurePrepared();
    const sessionId = everything.sessionId!;
    await everything.close();
    const response = await fetch(first.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/No valid session ID/);
  });

  it("cancels a long-running call when the signal aborts", async () => {
    const controller = new AbortController();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const everything = mcp({ url: first.url, signal: controller.signal, onProgress: () => started() });
    try {
      await everything.ensurePrepared();
      const long = everything.tools().find((tool) => tool.name === "trigger-long-running-operation")!;
      const call = long.execute({ duration: 20, steps: 20 }, { name: long.name, arguments: {}, toolCallId: "t" });
      const outcome = call.catch((error: unknown) => error);
      await running;
      const before = performance.now();
      controller.abort(new Error("stop"));
      expect(((await outcome) as Error).message).toBe("stop");
      expect(performance.now() - before).toBeLessThan(1000);
    } finally {
      await everything.close();
    }
  });
});
