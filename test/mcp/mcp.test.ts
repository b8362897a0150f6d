/**
 * The MCP client's protocol details, against a scripted endpoint on
 * 127.0.0.1 (test/mcp/helpers/scripted-server.ts): what the reference server
 * cannot be made to do on demand.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import * as llm from "llm-anywhere";
import { McpError, mcp, type McpProgress } from "llm-anywhere/mcp";
import { clientVersion } from "../../src/mcp/mcp-toolbox.ts";
import { initializeResult, startScriptedServer, type ScriptedServer } from "./helpers/scripted-server.ts";

const servers: ScriptedServer[] = [];
const toolboxes: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(toolboxes.splice(0).map((box) => box.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(...args: Parameters<typeof startScriptedServer>): Promise<ScriptedServer> {
  const server = await startScriptedServer(...args);
  servers.push(server);
  return server;
}

function open(options: Parameters<typeof mcp>[0]) {
  const box = mcp(options);
  toolboxes.push(box);
  return box;
}

const addTool = { name: "add", description: "Adds two numbers", inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] } };
const result = (text: string) => ({ content: [{ type: "text", text }] });

/** Runs one tool call through a chain driven by the echo model; returns what the model was told. */
async function modelIsTold(box: ReturnType<typeof mcp>, name: string, args: Record<string, unknown> = {}) {
  const chain = llm.getModel("echo").chain(JSON.stringify({ tool_calls: [{ name, arguments: args }] }), { tools: [box] });
  const responses: llm.Response[] = [];
  for await (const response of chain.responses()) responses.push(response);
  const last = JSON.parse(await responses.at(-1)!.text());
  return { output: last.tool_results[0].output as string, attachments: last.attachments as Array<{ type: string }> };
}

/** Waits (at most `ms`) until `check()` is true. */
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("connecting", () => {
  it("initializes, sends notifications/initialized, and keeps the session id and protocol version as headers", async () => {
    const server = await start({ "tools/list": () => ({ tools: [addTool] }) });
    const box = open({ url: server.url, token: "secret-token", headers: { "X-Extra": "1" } });
    await box.ensurePrepared();
    const [initialize, initialized, list] = server.requests;
    expect(initialize!.body).toMatchObject({
      jsonrpc: "2.0",
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "llm-anywhere", version: clientVersion } },
    });
    expect(typeof initialize!.body.id).toBe("number");
    expect(initialize!.headers.accept).toBe("application/json, text/event-stream");
    expect(initialize!.headers["mcp-session-id"]).toBeUndefined();
    expect(initialize!.headers["mcp-protocol-version"]).toBeUndefined();
    expect(initialized!.body).toEqual({ jsonrpc: "2.0", method: "notifications/initialized" });
    expect(list!.body).toMatchObject({ method: "tools/list" });
    expect(list!.body.id).not.toBe(initialize!.body.id);
    for (const later of [initialized!, list!]) {
      expect(later.headers["mcp-session-id"]).toBe("session-1");
      expect(later.headers["mcp-protocol-version"]).toBe("2025-11-25");
    }
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe("Bearer secret-token");
      expect(request.headers["x-extra"]).toBe("1");
    }
    expect(box.protocolVersion).toBe("2025-11-25");
    expect(box.sessionId).toBe("session-1");
    expect(box.serverInfo).toEqual({ name: "scripted", version: "1.0.0" });
  });

  it("accepts an older protocol version the server picks, and refuses one it does not speak (ending the session)", async () => {
    const older = await start({ initialize: () => ({ protocolVersion: "2025-03-26", capabilities: {}, serverInfo: { name: "old", version: "1" } }), "tools/list": () => ({ tools: [] }) });
    const box = open({ url: older.url });
    await box.ensurePrepared();
    expect(box.protocolVersion).toBe("2025-03-26");
    expect(older.requests.at(-1)!.headers["mcp-protocol-version"]).toBe("2025-03-26");

    const future = await start({ initialize: () => ({ protocolVersion: "2099-01-01", capabilities: {}, serverInfo: { name: "new", version: "1" } }) });
    const error = await open({ url: future.url }).ensurePrepared().catch((caught: unknown) => caught);
    expect(McpError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/speaks protocol version "2099-01-01"/);
    expect(future.requests.map((request) => request.httpMethod)).toEqual(["POST", "DELETE"]);
  });

  it("lists every page of tools/list, following nextCursor", async () => {
    const server = await start({
      "tools/list": (message) =>
        message.params?.cursor === undefined
          ? { tools: [addTool], nextCursor: "page-2" }
          : message.params.cursor === "page-2"
            ? { tools: [{ name: "sub", inputSchema: { type: "object" } }], nextCursor: "page-3" }
            : { tools: [{ name: "mul", inputSchema: { type: "object" } }] },
    });
    const box = open({ url: server.url, name: "calc" });
    await box.ensurePrepared();
    expect(box.tools().map((tool) => tool.name)).toEqual(["calc_add", "calc_sub", "calc_mul"]);
    expect(server.messages().filter((message) => message.method === "tools/list").map((message) => message.params.cursor)).toEqual([undefined, "page-2", "page-3"]);
    // A cursor sent twice would loop forever: an error instead.
    server.handle({ "tools/list": () => ({ tools: [], nextCursor: "again" }) });
    const looping = open({ url: server.url });
    await expect(looping.ensurePrepared()).rejects.toThrow(/cursor "again" twice/);
  });

  it("gives server tools the server's description and schema, prefixes them, and exposes no toolbox method as a tool", async () => {
    const server = await start({
      "tools/list": () => ({
        tools: [
          { ...addTool, inputSchema: { ...addTool.inputSchema, $schema: "http://json-schema.org/draft-07/schema#" } },
          { name: "files.read", title: "Read a file", inputSchema: { type: "object" } },
        ],
      }),
    });
    const box = open({ url: server.url, name: "srv" });
    await box.ensurePrepared();
    expect(box.tools().map((tool) => tool.definition())).toEqual([
      { name: "srv_add", description: "Adds two numbers", parameters: addTool.inputSchema },
      { name: "srv_files_read", description: "Read a file", parameters: { type: "object", properties: {} } },
    ]);
    // Tools added by hand come after the server's.
    box.addTool(() => "local", { name: "local" });
    expect(box.tools().map((tool) => tool.name)).toEqual(["srv_add", "srv_files_read", "local"]);
  });

  it("turns HTTP errors into McpError naming the server, without the token, the URL's credentials or query", async () => {
    const server = await start({ initialize: (_message, reply) => reply.json({ error: "invalid_token" }, 401, { "www-authenticate": "Bearer" }) });
    const url = server.url.replace("http://", "http://user:pw@") + "?api_key=hidden";
    const error = (await open({ url, token: "tok-123" }).ensurePrepared().catch((caught: unknown) => caught)) as McpError;
    expect(McpError.is(error)).toBe(true);
    expect(error.status).toBe(401);
    expect(error.server).toBe(server.url);
    expect(error.message).toContain(`MCP server ${server.url}: HTTP 401 for initialize`);
    expect(error.message).toMatch(/bearer token/);
    expect(error.message).not.toMatch(/tok-123|pw|hidden/);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer tok-123");
    // Without a token, the URL's credentials go as Basic authorization (fetch refuses them in the URL).
    await open({ url }).ensurePrepared().catch(() => {});
    expect(server.requests[1]!.headers.authorization).toBe(`Basic ${Buffer.from("user:pw").toString("base64")}`);
  });

  it("connects again on a later use after a failed connection (the failure is not kept)", async () => {
    let attempts = 0;
    const server = await start({
      initialize: (message, reply) => (++attempts === 1 ? reply.json({ jsonrpc: "2.0", id: message.id, error: { code: -32603, message: "starting up" } }, 503) : { ...initializeResult }),
      "tools/list": () => ({ tools: [addTool] }),
    });
    const box = open({ url: server.url });
    await expect(box.ensurePrepared()).rejects.toThrow(`MCP server ${server.url}: HTTP 503 for initialize: starting up.`);
    await box.ensurePrepared();
    expect(box.tools().map((tool) => tool.name)).toEqual(["add"]);
  });

  it("fails with NetworkError naming the server when nothing listens", async () => {
    const server = await start({ "tools/list": () => ({ tools: [addTool] }) });
    const url = server.url;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const box = open({ url });
    const error = await box.ensurePrepared().catch((caught: unknown) => caught);
    expect(llm.NetworkError.is(error)).toBe(true);
    expect((error as Error).message).toContain(`MCP server ${url}: could not reach the server`);
  });
});

describe("calling tools", () => {
  it("reads an SSE answer with notifications and server requests before the response; answers ping and refuses sampling", async () => {
    const progress: McpProgress[] = [];
    const server = await start({
      "tools/list": () => ({ tools: [addTool] }),
      "tools/call": (message, reply) =>
        reply.sse([
          { data: { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: message.params._meta.progressToken, progress: 1, total: 2, message: "half" } } },
          { data: { jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "log line" } } },
          { data: { jsonrpc: "2.0", id: "server-1", method: "ping" } },
          { data: { jsonrpc: "2.0", id: "server-2", method: "sampling/createMessage", params: { messages: [], maxTokens: 10 } } },
          { data: { jsonrpc: "2.0", id: message.id, result: result(`${message.params.arguments.a + message.params.arguments.b}`) } },
        ]),
    });
    const box = open({ url: server.url, name: "calc", onProgress: (update) => progress.push(update) });
    expect((await modelIsTold(box, "calc_add", { a: 2, b: 3 })).output).toBe("5");
    expect(progress).toEqual([{ tool: "calc_add", progress: 1, total: 2, message: "half" }]);
    await until(() => server.messages().filter((message) => typeof message.id === "string").length === 2);
    const answers = server.messages().filter((message) => typeof message.id === "string");
    expect(answers).toContainEqual({ jsonrpc: "2.0", id: "server-1", result: {} });
    expect(answers).toContainEqual({ jsonrpc: "2.0", id: "server-2", error: { code: -32601, message: expect.stringMatching(/Method not found.*sampling\/createMessage/) } });
    const call = server.messages().find((message) => message.method === "tools/call");
    expect(call.params).toEqual({ name: "add", arguments: { a: 2, b: 3 }, _meta: { progressToken: call.id } });
  });

  it("re-lists the tools on the next use after notifications/tools/list_changed", async () => {
    let tools: object[] = [addTool];
    const server = await start({
      "tools/list": () => ({ tools }),
      "tools/call": (message, reply) => {
        tools = [addTool, { name: "sub", description: "Subtracts", inputSchema: { type: "object" } }];
        return reply.sse([{ data: { jsonrpc: "2.0", method: "notifications/tools/list_changed" } }, { data: { jsonrpc: "2.0", id: message.id, result: result("ok") } }]);
      },
    });
    const box = open({ url: server.url });
    await box.ensurePrepared();
    expect(box.tools().map((tool) => tool.name)).toEqual(["add"]);
    expect((await modelIsTold(box, "add", { a: 1, b: 1 })).output).toBe("ok");
    // The chain's second round already listed them again.
    expect(server.messages().filter((message) => message.method === "tools/list")).toHaveLength(2);
    expect(box.tools().map((tool) => tool.name)).toEqual(["add", "sub"]);
    await box.ensurePrepared();
    expect(server.messages().filter((message) => message.method === "tools/list")).toHaveLength(2);
  });

  it("tells the model the text of an isError result, and a JSON-RPC error naming the server and the tool", async () => {
    const server = await start({
      "tools/list": () => ({ tools: [addTool, { name: "broken", inputSchema: { type: "object" } }] }),
      "tools/call": (message, reply) =>
        message.params.name === "add" ? { content: [{ type: "text", text: "a must be positive" }], isError: true } : reply.error(-32602, "Unknown tool: broken"),
    });
    const box = open({ url: server.url });
    expect((await modelIsTold(box, "add", { a: -1, b: 1 })).output).toBe("Error: a must be positive");
    expect((await modelIsTold(box, "broken")).output).toBe(`Error: MCP server ${server.url}, tool "broken": tools/call failed with JSON-RPC error -32602: Unknown tool: broken`);
    const broken = box.tools().find((tool) => tool.name === "broken")!;
    const error = (await broken.execute({}, { name: "broken", arguments: {}, toolCallId: "t1" }).catch((caught: unknown) => caught)) as McpError;
    expect(McpError.is(error)).toBe(true);
    expect(error).toMatchObject({ server: server.url, tool: "broken", method: "tools/call", rpcCode: -32602 });
  });

  it("resumes a stream the server closed before answering: waits `retry` ms, then GET with Last-Event-ID", async () => {
    let closedAt = 0;
    let callId: unknown;
    const server = await start({
      "tools/list": () => ({ tools: [addTool] }),
      "tools/call": async (message, reply) => {
        callId = message.id;
        await reply.sse([{ id: "ev-1", retry: 300 }]);
        closedAt = performance.now();
      },
    });
    server.onGet = (request, reply) => {
      if (request.headers["last-event-id"] === "ev-1") void reply.sse([{ id: "ev-2", data: { jsonrpc: "2.0", id: callId, result: result("resumed") } }], { keepOpen: true });
      else reply.raw.writeHead(400).end();
    };
    const box = open({ url: server.url });
    expect((await modelIsTold(box, "add", { a: 1, b: 2 })).output).toBe("resumed");
    const get = server.requests.find((request) => request.httpMethod === "GET")!;
    expect(get.headers["last-event-id"]).toBe("ev-1");
    expect(get.headers.accept).toBe("text/event-stream");
    expect(get.headers["mcp-session-id"]).toBe("session-1");
    expect(get.at - closedAt).toBeGreaterThanOrEqual(250);
    expect(get.at - closedAt).toBeLessThan(2000);
  });

  it("fails with NetworkError naming the server and the tool when the server vanishes mid-call", async () => {
    const server = await start({
      "tools/list": () => ({ tools: [addTool] }),
      "tools/call": async (message, reply) => {
        await reply.sse([{ id: "ev-1", retry: 50 }], { keepOpen: true });
        // The whole server goes away: the stream breaks and resuming finds nobody.
        await server.close();
      },
    });
    servers.splice(servers.indexOf(server), 1);
    const box = open({ url: server.url });
    const told = await modelIsTold(box, "add", { a: 1, b: 2 });
    expect(told.output).toMatch(new RegExp(`^Error: MCP server ${server.url.replace(/[.]/g, "\\.")}, tool "add": could not reach the server`));

    const noId = await start({
      "tools/list": () => ({ tools: [addTool] }),
      "tools/call": async (message, reply) => {
        await reply.sse([{ data: { jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "x" } } }], { keepOpen: true });
        // Long enough for the client to have the headers and the event.
        await new Promise((resolve) => setTimeout(resolve, 100));
        reply.raw.socket?.destroy();
      },
    });
    const [add] = await (async () => {
      const other = open({ url: noId.url });
      await other.ensurePrepared();
      return other.tools();
    })();
    const error = await add!.execute({ a: 1, b: 2 }, { name: "add", arguments: {}, toolCallId: "t" }).catch((caught: unknown) => caught);
    expect(llm.NetworkError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/tool "add": the connection broke before tools\/call was answered/);
  });

  it("starts a new session when the server answers 404 for the old one", async () => {
    let sessions = 0;
    let calls = 0;
    const server = await start({
      initialize: () => {
        sessions++;
        return { protocolVersion: "2025-11-25", capabilities: {}, serverInfo: { name: "s", version: "1" } };
      },
      "tools/list": () => ({ tools: [addTool] }),
      "tools/call": (message, reply) => (++calls === 1 ? reply.json({ jsonrpc: "2.0", id: message.id, error: { code: -32001, message: "Session not found" } }, 404) : result("again")),
    });
    const box = open({ url: server.url });
    expect((await modelIsTold(box, "add", { a: 1, b: 1 })).output).toBe("again");
    expect(sessions).toBe(2);
  });
});

describe("cancelling and closing", () => {
  it("aborting the chain sends notifications/cancelled for its tool call and rejects with the reason (the toolbox has no signal of its own)", async () => {
    const server = await start({
      "tools/list": () => ({ tools: [addTool] }),
      "tools/call": (message, reply) => reply.sse([{ id: "ev-1" }], { keepOpen: true }),
    });
    const controller = new AbortController();
    const box = open({ url: server.url });
    const chain = llm.getModel("echo").chain(JSON.stringify({ tool_calls: [{ name: "add", arguments: { a: 1, b: 1 } }] }), { tools: [box], signal: controller.signal });
    const text = chain.text();
    await until(() => server.messages().some((message) => message.method === "tools/call"));
    controller.abort(new Error("user stopped"));
    await expect(text).rejects.toThrow("user stopped");
    const call = server.messages().find((message) => message.method === "tools/call");
    await until(() => server.messages().some((message) => message.method === "notifications/cancelled"));
    expect(server.messages().find((message) => message.method === "notifications/cancelled").params).toEqual({ requestId: call.id, reason: "user stopped" });
  });

  it("times out a call that gets no answer (progress notifications restart the clock) and cancels it", async () => {
    const server = await start({
      "tools/list": () => ({ tools: [addTool, { name: "slow", inputSchema: { type: "object" } }] }),
      "tools/call": (message, reply) => {
        const token = message.params._meta.progressToken;
        if (message.params.name === "slow") return reply.sse([{ id: "ev-1" }], { keepOpen: true });
        const tick = (progress: number) => ({ data: { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: token, progress } } });
        return reply.sse([tick(1), tick(2), tick(3), tick(4), { data: { jsonrpc: "2.0", id: message.id, result: result("done") } }], { delayMs: 150 });
      },
    });
    const box = open({ url: server.url, timeout: 400 });
    // 600 ms in all, but never 400 ms without progress.
    expect((await modelIsTold(box, "add", { a: 1, b: 1 })).output).toBe("done");
    const told = await modelIsTold(box, "slow");
    expect(told.output).toBe(`Error: MCP server ${server.url}, tool "slow": no answer to tools/call within 400 ms; give slow tools more with llm.mcp({ timeout }).`);
    await until(() => server.messages().some((message) => message.method === "notifications/cancelled"));
  });

  it("close() ends the session with DELETE and the next use connects again, once for calls made together", async () => {
    const server = await start({ "tools/list": () => ({ tools: [addTool] }), "tools/call": () => result("ok") });
    const box = open({ url: server.url });
    await box.ensurePrepared();
    await box.close();
    const deleted = server.requests.at(-1)!;
    expect(deleted.httpMethod).toBe("DELETE");
    expect(deleted.headers["mcp-session-id"]).toBe("session-1");
    expect(box.sessionId).toBeUndefined();
    const [add] = box.tools();
    const call = { name: "add", arguments: {}, toolCallId: "t" };
    expect(await Promise.all([add!.execute({ a: 1, b: 1 }, call), add!.execute({ a: 2, b: 2 }, call)])).toEqual(["ok", "ok"]);
    expect(server.messages().filter((message) => message.method === "initialize")).toHaveLength(2);
    expect((await modelIsTold(box, "add", { a: 1, b: 1 })).output).toBe("ok");
  });
});

describe("results", () => {
  it("gives images and audio to the model as attachments, embedded text as text, and other blocks as JSON", async () => {
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const wav = Buffer.from("RIFF\x24\x00\x00\x00WAVEfmt ", "latin1").toString("base64");
    const server = await start({
      "tools/list": () => ({ tools: [{ name: "media", inputSchema: { type: "object" } }] }),
      "tools/call": () => ({
        content: [
          { type: "text", text: "Here:" },
          { type: "image", data: png, mimeType: "image/png" },
          { type: "audio", data: wav, mimeType: "audio/wav" },
          { type: "resource", resource: { uri: "file:///a.txt", mimeType: "text/plain", text: "embedded text" } },
          { type: "resource_link", uri: "file:///b.txt", name: "b.txt" },
        ],
      }),
    });
    const box = open({ url: server.url });
    await box.ensurePrepared();
    const output = (await box.tools()[0]!.execute({}, { name: "media", arguments: {}, toolCallId: "t" })) as llm.ToolOutput;
    expect(output).toBeInstanceOf(llm.ToolOutput);
    expect(output.output).toBe('Here:\nembedded text\n{"type": "resource_link", "uri": "file:///b.txt", "name": "b.txt"}');
    expect(output.attachments.map((attachment) => attachment.type)).toEqual(["image/png", "audio/wav"]);
    expect(Buffer.from(await output.attachments[0]!.bytes()).toString("base64")).toBe(png);
    expect(Buffer.from(await output.attachments[1]!.bytes()).toString("base64")).toBe(wav);
  });

  it("sends structuredContent as JSON when there is no content", async () => {
    const server = await start({
      "tools/list": () => ({ tools: [{ name: "weather", inputSchema: { type: "object" } }] }),
      "tools/call": () => ({ content: [], structuredContent: { temperature: 21 } }),
    });
    expect((await modelIsTold(open({ url: server.url }), "weather")).output).toBe('{"temperature": 21}');
  });
});

it("sends the SDK's own version as clientInfo.version", () => {
  const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  expect(clientVersion).toBe(packageJson.version);
});
