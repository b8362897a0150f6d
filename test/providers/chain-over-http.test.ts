/**
 * A chain with a tool on each provider, over real HTTP: one `node:http`
 * server on 127.0.0.1 answers the first request with a recorded tool-call
 * stream and the second with a recorded text stream, written in small
 * pieces over time, and records every request it gets. The library uses
 * the real global `fetch`, its base URL from the configured env (or the
 * model's `apiBase`) and its key from the configured env; the test checks
 * the path, the key's header, and that the second request carries the tool
 * call and the tool's result in the provider's wire format.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../../src/index.ts";
import { registerAnthropic } from "../../src/providers/anthropic/index.ts";
import { createGeminiModel, geminiModelConfig } from "../../src/providers/gemini/index.ts";
import { createOpenAIResponsesModel } from "../../src/providers/openai-responses/index.ts";
import { loadFixtureCases, type FixtureCase } from "../helpers/fixtures.ts";

const fixture = (provider: string, api: string, framing: "openai" | "anthropic" | "gemini", name: string): FixtureCase => {
  const found = loadFixtureCases(provider, api, framing).find((kase) => kase.name === name);
  if (!found) throw new Error(`missing fixture ${provider}/${api}/${name}`);
  return found;
};

/** What the server saw of one request. */
interface SeenRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** Body pieces: at least 64 bytes, at most this many per body, so a body takes a bounded time. */
const maxPieces = 48;
const pieceDelayMs = 2;

let server: Server;
let origin = "";
let queue: FixtureCase[] = [];
let seen: SeenRequest[] = [];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Kept as text: the assertions on the body then fail with what arrived.
  }
  seen.push({ method: request.method ?? "", url: request.url ?? "", headers: { ...request.headers }, body });
  const kase = queue.shift();
  if (!kase) {
    response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { type: "mock_server", message: "no recorded answer left for this request" } }));
    return;
  }
  response.writeHead(kase.status, { "content-type": kase.contentType, "cache-control": "no-cache" });
  const size = Math.max(64, Math.ceil(kase.body.length / maxPieces));
  for (let start = 0; start < kase.body.length; start += size) {
    if (response.destroyed || response.writableEnded) return;
    response.write(kase.body.subarray(start, start + size));
    await sleep(pieceDelayMs);
  }
  response.end();
}

/** The queue of answers for this test, in request order. */
function serve(...kases: FixtureCase[]): void {
  queue = [...kases];
  seen = [];
}

beforeAll(async () => {
  server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(async () => {
  await llm.configure({ env: {}, fetch: undefined });
});

afterEach(async () => {
  queue = [];
  await llm.configure({ env: {}, fetch: undefined });
});

llm.registerModels(registerAnthropic);

/** Runs the chain to its end, every response kept. */
async function run(chain: llm.ChainResponse): Promise<llm.Response[]> {
  const responses: llm.Response[] = [];
  for await (const response of chain.responses()) responses.push(response);
  return responses;
}

describe("chains over HTTP against a local server", () => {
  it("OpenAI chat completions: OPENAI_BASE_URL, a bearer key, an assistant tool_calls message and a tool message", async () => {
    const toolCase = fixture("openai", "chat-completions", "openai", "tool-call-stream-gpt-4o-mini");
    const textCase = fixture("openai", "chat-completions", "openai", "text-stream-usage-gpt-4o-mini");
    serve(toolCase, textCase);
    await llm.configure({ fetch: undefined, env: { OPENAI_API_KEY: "sk-http-test", OPENAI_BASE_URL: `${origin}/v1` } });
    const calls: unknown[] = [];
    const multiply = llm.tool({
      name: "multiply",
      description: "Multiply two numbers.",
      parameters: z.object({ a: z.int(), b: z.int() }),
      execute: ({ a, b }) => {
        calls.push({ a, b });
        return a * b;
      },
    });
    const chain = llm.getModel("gpt-4o-mini").chain("What is 1231 * 2331?", { tools: [multiply], options: { temperature: 0 } });
    const responses = await run(chain);
    expect(responses).toHaveLength(2);
    expect(await chain.text()).toBe(textCase.facts.text);
    expect(calls).toEqual([{ a: 1231, b: 2331 }]);
    const id = toolCase.facts.tool_calls[0].id;
    expect(await responses[0]!.toolCalls()).toEqual([{ name: "multiply", arguments: { a: 1231, b: 2331 }, toolCallId: id }]);

    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/v1/chat/completions");
      expect(request.headers.authorization).toBe("Bearer sk-http-test");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.body).toMatchObject({ model: "gpt-4o-mini", stream: true, stream_options: { include_usage: true }, temperature: 0 });
      expect(request.body.tools).toEqual([
        {
          type: "function",
          function: {
            name: "multiply",
            description: "Multiply two numbers.",
            parameters: {
              type: "object",
              properties: {
                a: { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
                b: { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
              },
              required: ["a", "b"],
            },
          },
        },
      ]);
    }
    expect(seen[0]!.body.messages).toEqual([{ role: "user", content: "What is 1231 * 2331?" }]);
    expect(seen[1]!.body.messages).toEqual([
      { role: "user", content: "What is 1231 * 2331?" },
      { role: "assistant", content: null, tool_calls: [{ type: "function", id, function: { name: "multiply", arguments: '{"a":1231,"b":2331}' } }] },
      { role: "tool", tool_call_id: id, content: "2869461" },
    ]);
  });

  it("an OpenAI-compatible server: the model's apiBase, its own key, a tool call that never says finish_reason", async () => {
    const toolCase = fixture("openai-compatible", "chat-completions", "openai", "openrouter-kimi-k2-tool-call-no-finish-reason");
    const textCase = fixture("openai-compatible", "chat-completions", "openai", "openrouter-kimi-k2-text-role-every-chunk");
    llm.registerOpenAICompatible([
      { modelId: "mock-kimi", modelName: "moonshotai/kimi-k2", apiBase: `${origin}/v1`, keyName: "mock", supportsTools: true },
    ]);
    serve(toolCase, textCase);
    // OPENAI_BASE_URL must not win over the model's own apiBase.
    await llm.configure({ fetch: undefined, env: { MOCK_API_KEY: "sk-mock", OPENAI_BASE_URL: "http://127.0.0.1:1/wrong" } });
    const calls: unknown[] = [];
    const llmVersion = llm.tool({
      name: "llm_version",
      description: "Return the installed version of llm",
      execute: (args: unknown) => {
        calls.push(args);
        return "0.fixed-version";
      },
    });
    const chain = llm.getModel("mock-kimi").chain("What is the current llm version?", { tools: [llmVersion] });
    const responses = await run(chain);
    expect(responses).toHaveLength(2);
    expect(await chain.text()).toBe(textCase.facts.text);
    expect(calls).toEqual([{}]);
    expect(await responses[0]!.toolCalls()).toEqual([{ name: "llm_version", arguments: {}, toolCallId: "0" }]);
    expect(await responses[1]!.resolvedModel()).toBe(textCase.facts.model);

    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/v1/chat/completions");
      expect(request.headers.authorization).toBe("Bearer sk-mock");
      expect(request.body).toMatchObject({ model: "moonshotai/kimi-k2", stream: true, stream_options: { include_usage: true } });
      expect(request.body.tools).toEqual([
        { type: "function", function: { name: "llm_version", description: "Return the installed version of llm", parameters: expect.objectContaining({ type: "object" }) } },
      ]);
    }
    expect(seen[0]!.body.messages).toEqual([{ role: "user", content: "What is the current llm version?" }]);
    // The recorded request's call and result (the Python library also sent an empty assistant message before them).
    const recorded = textCase.request.messages;
    expect(seen[1]!.body.messages).toEqual([
      recorded[0],
      { role: "assistant", content: null, tool_calls: recorded[2].tool_calls },
      recorded[3],
    ]);
  });

  it("Anthropic Messages: ANTHROPIC_BASE_URL, x-api-key, tool_use blocks and tool_result blocks", async () => {
    const toolCase = fixture("anthropic", "messages", "anthropic", "tool-use-stream-haiku-4-5");
    const textCase = fixture("anthropic", "messages", "anthropic", "text-after-tool-result-stream-haiku-4-5");
    const recorded = textCase.request;
    serve(toolCase, textCase);
    await llm.configure({ fetch: undefined, env: { ANTHROPIC_API_KEY: "sk-ant-http", ANTHROPIC_BASE_URL: origin } });
    const names = ["Charles", "Sammy"];
    const calls: unknown[] = [];
    const generator = llm.tool({
      name: "pelican_name_generator",
      execute: (args: unknown) => names[calls.push(args) - 1]!,
    });
    const chain = llm.getModel("claude-haiku-4.5").chain("Two names for a pet pelican", { tools: [generator] });
    const responses = await run(chain);
    expect(responses).toHaveLength(2);
    expect(await chain.text()).toBe(textCase.facts.text);
    // Two recorded tool_use blocks, each run once with its recorded (empty) input.
    expect(calls).toEqual([{}, {}]);
    const ids = toolCase.facts.tool_calls.map((call: { id: string }) => call.id);
    expect(await responses[0]!.toolCalls()).toEqual(ids.map((toolCallId: string) => ({ name: "pelican_name_generator", arguments: {}, toolCallId })));

    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/v1/messages");
      expect(request.headers["x-api-key"]).toBe("sk-ant-http");
      expect(request.headers["anthropic-version"]).toBe("2023-06-01");
      expect(request.headers.authorization).toBeUndefined();
      expect(request.body).toMatchObject({ model: "claude-haiku-4-5-20251001", stream: true, temperature: 1 });
      expect(request.body.tools).toEqual(recorded.tools);
    }
    const [user, assistant, results] = recorded.messages;
    expect(seen[0]!.body.messages).toEqual([user]);
    expect(seen[1]!.body.messages).toEqual([
      user,
      { role: "assistant", content: assistant.content.filter((block: any) => block.type !== "text") },
      results,
    ]);
    expect(results.content.map((block: any) => block.tool_use_id)).toEqual(ids);
  });

  it("Gemini: GEMINI_BASE_URL, x-goog-api-key, streamGenerateContent?alt=sse, a functionCall and a functionResponse", async () => {
    const toolCase = fixture("gemini", "stream-generate-content-sse", "gemini", "function-call-stream-gemini-2.0-flash");
    const textCase = fixture("gemini", "stream-generate-content-sse", "gemini", "text-after-function-stream-gemini-2.0-flash");
    serve(toolCase, textCase);
    await llm.configure({ fetch: undefined, env: { GEMINI_API_KEY: "gm-http", GEMINI_BASE_URL: origin } });
    const calls: unknown[] = [];
    const getCapital = llm.tool({
      name: "get_capital",
      description: "Get the capital of a country.",
      parameters: z.object({ country: z.string().describe("The country name.") }),
      execute: ({ country }) => {
        calls.push({ country });
        return country === "France" ? "Paris" : "unknown";
      },
    });
    const model = new llm.Model(createGeminiModel(geminiModelConfig("gemini-2.0-flash")));
    const chain = model.chain("What is the capital of France?", { tools: [getCapital], system: "You are a helpful chatbot.", options: { temperature: 0 } });
    const responses = await run(chain);
    expect(responses).toHaveLength(2);
    expect(await chain.text()).toBe(textCase.facts.text);
    expect(calls).toEqual([{ country: "France" }]);
    const [call] = await responses[0]!.toolCalls();
    expect(call).toMatchObject({ name: "get_capital", arguments: { country: "France" } });

    expect(seen).toHaveLength(2);
    const tools = [
      {
        functionDeclarations: [
          {
            name: "get_capital",
            description: "Get the capital of a country.",
            parameters: { type: "object", properties: { country: { type: "string", description: "The country name." } }, required: ["country"] },
          },
        ],
      },
    ];
    const system = { parts: [{ text: "You are a helpful chatbot." }] };
    for (const request of seen) {
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
      expect(request.headers["x-goog-api-key"]).toBe("gm-http");
      expect(request.headers.authorization).toBeUndefined();
    }
    expect(seen[0]!.body).toEqual({
      contents: [{ role: "user", parts: [{ text: "What is the capital of France?" }] }],
      systemInstruction: system,
      tools,
      generationConfig: { temperature: 0 },
    });
    expect(seen[1]!.body).toEqual({
      contents: [
        { role: "user", parts: [{ text: "What is the capital of France?" }] },
        { role: "model", parts: [{ functionCall: { name: "get_capital", args: { country: "France" } } }] },
        { role: "user", parts: [{ functionResponse: { name: "get_capital", response: { output: "Paris" } } }] },
      ],
      systemInstruction: system,
      tools,
      generationConfig: { temperature: 0 },
    });
  });

  it("OpenAI Responses: OPENAI_BASE_URL, a bearer key, function_call and function_call_output items", async () => {
    const callCase = fixture("openai", "responses", "openai", "function-call-stream-gpt-5.5");
    const textCase = fixture("openai", "responses", "openai", "text-after-function-stream-gpt-5.5");
    serve(callCase, textCase);
    await llm.configure({ fetch: undefined, env: { OPENAI_API_KEY: "sk-resp-http", OPENAI_BASE_URL: `${origin}/v1` } });
    const calls: unknown[] = [];
    const multiply = llm.tool({
      name: "multiply",
      description: "Multiply two numbers.",
      parameters: { properties: { a: { type: "integer" }, b: { type: "integer" } }, required: ["a", "b"], type: "object" },
      execute: (args) => {
        const { a, b } = args as { a: number; b: number };
        calls.push({ a, b });
        return a * b;
      },
    });
    const model = new llm.Model(createOpenAIResponsesModel({ modelId: "gpt-5.5" }));
    const chain = model.chain("What is 1231 * 2331? Use the multiply tool.", { tools: [multiply], options: { reasoning_effort: "low" } });
    const responses = await run(chain);
    expect(responses).toHaveLength(2);
    expect(await chain.text()).toBe(textCase.facts.text);
    expect(calls).toEqual([{ a: 1231, b: 2331 }]);
    expect(await responses[0]!.toolCalls()).toEqual([{ name: "multiply", arguments: { a: 1231, b: 2331 }, toolCallId: "call_sVidsfFJ6zlzRpelrPkTPlpd" }]);

    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/v1/responses");
      expect(request.headers.authorization).toBe("Bearer sk-resp-http");
    }
    // What we send where the Python library's recording differs: a summary asked for, tools not strict.
    const asWeSendIt = (recorded: any) => ({
      ...recorded,
      reasoning: { ...recorded.reasoning, summary: "auto" },
      tools: recorded.tools.map((tool: any) => ({ ...tool, strict: false })),
    });
    expect(seen[0]!.body).toEqual(asWeSendIt(callCase.request));
    expect(seen[1]!.body).toEqual(asWeSendIt(textCase.request));
    const input = seen[1]!.body.input;
    expect(input.slice(1)).toEqual([
      { type: "function_call", call_id: "call_sVidsfFJ6zlzRpelrPkTPlpd", name: "multiply", arguments: expect.any(String) },
      { type: "function_call_output", call_id: "call_sVidsfFJ6zlzRpelrPkTPlpd", output: "2869461" },
    ]);
    expect(JSON.parse(input[1].arguments)).toEqual({ a: 1231, b: 2331 });
  });
});
