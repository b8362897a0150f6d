/**
 * The request bodies the Anthropic adapter sends, field by field, through
 * `new Model(createAnthropicModel(...)).prompt()` with a recording `fetch`.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { configure } from "../../../src/configure.ts";
import { Model } from "../../../src/model.ts";
import * as llm from "../../../src/index.ts";
import { createAnthropicModel, type AnthropicModelConfig } from "../../../src/providers/anthropic/index.ts";
import * as sample from "../../helpers/sample-files.ts";
import { replayFetch, type RecordedRequest } from "../../helpers/replay-fetch.ts";

/** A whole (non-streamed) answer. */
const message = JSON.stringify({
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5-20250929",
  content: [{ type: "text", text: "ok" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 3, output_tokens: 1 },
});
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

const model = (config: Partial<AnthropicModelConfig> = {}) =>
  new Model(createAnthropicModel({ modelId: "anthropic/claude-sonnet-4-5", thinking: true, structuredOutputs: true, defaultMaxTokens: 64000, ...config }));

/** Runs one prompt (not streamed) and returns the request it made. */
async function send(
  run: (model: Model<any>) => llm.Response<any>,
  config: Partial<AnthropicModelConfig> = {},
  env: Record<string, string> = {},
): Promise<RecordedRequest> {
  const replay = replayFetch(message, { contentType: "application/json" });
  await configure({ fetch: replay.fetch, env: { ANTHROPIC_API_KEY: "sk-ant-test", ...env } });
  expect(await run(model(config)).text()).toBe("ok");
  expect(replay.requests).toHaveLength(1);
  return replay.requests[0]!;
}

beforeEach(async () => {
  await configure({ fetch: undefined, env: {}, storage: llm.createMemoryStorage() });
});

describe("Anthropic Messages request", () => {
  it("POST <base>/v1/messages with the key, version and content type; model name without the prefix; defaults", async () => {
    const request = await send((m) => m.prompt("hi", { stream: false }));
    expect(request.url).toBe("https://api.anthropic.com/v1/messages");
    expect(request.method).toBe("POST");
    expect(request.headers).toMatchObject({
      "x-api-key": "sk-ant-test",
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
      accept: "application/json",
    });
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers["anthropic-beta"]).toBeUndefined();
    expect(request.body).toEqual({
      model: "claude-sonnet-4-5",
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      temperature: 1,
      max_tokens: 64000,
      stream: false,
    });
  });

  it("base URL: apiBase, else ANTHROPIC_BASE_URL, else api.anthropic.com; streaming asks for an event stream", async () => {
    const replay = replayFetch("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    await configure({ fetch: replay.fetch, env: { ANTHROPIC_API_KEY: "k", ANTHROPIC_BASE_URL: "https://proxy.test/anthropic/" } });
    await model().prompt("hi").text();
    await model({ apiBase: "https://own.test" }).prompt("hi").text();
    expect(replay.requests.map((request) => request.url)).toEqual(["https://proxy.test/anthropic/v1/messages", "https://own.test/v1/messages"]);
    expect(replay.requests[0]!.headers.accept).toBe("text/event-stream");
    expect(replay.requests[0]!.body.stream).toBe(true);
  });

  it("system prompts go to the top-level system", async () => {
    const request = await send((m) => m.prompt("hi", { system: "Be brief", stream: false }));
    expect(request.body.system).toBe("Be brief");
    expect(request.body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "hi" }] }]);
  });

  it("attachments: base64 image and PDF sources, URL sources never downloaded then the text", async () => {
    const png = sample.png();
    const pdf = sample.pdf();
    const request = await send((m) =>
      m.prompt("Describe", {
        stream: false,
        attachments: [
          llm.attachment({ content: png }),
          llm.attachment({ content: pdf }),
          llm.attachment({ url: "https://example.com/pelican.jpg" }),
          llm.attachment({ url: "https://example.com/paper.pdf" }),
        ],
      }),
    );
    expect(request.body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "image", source: { type: "base64", media_type: "image/png", data: b64(png) } },
          { type: "document", source: { type: "base64", media_type: "application/pdf", data: b64(pdf) } },
          { type: "image", source: { type: "url", url: "https://example.com/pelican.jpg" } },
          { type: "document", source: { type: "url", url: "https://example.com/paper.pdf" } },
          { type: "text", text: "Describe" },
        ],
      },
    ]);
  });

  it("tools as name, description and input_schema", async () => {
    const upper = llm.tool({ name: "upper", description: "Upper-case text.", parameters: z.object({ text: z.string() }), execute: ({ text }) => text.toUpperCase() });
    const none = llm.tool({ name: "noargs", execute: () => "x" });
    const request = await send((m) => m.prompt("hi", { tools: [upper, none], stream: false }));
    expect(request.body.tools).toEqual([
      {
        name: "upper",
        description: "Upper-case text.",
        input_schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      },
      { name: "noargs", description: "", input_schema: expect.objectContaining({ type: "object" }) },
    ]);
    expect(request.body.tool_choice).toBeUndefined();
  });

  it("options: max_tokens, temperature, top_k, stop_sequences (a string becomes a list), user_id, cache", async () => {
    const request = await send((m) =>
      m.prompt("hi", { stream: false, options: { max_tokens: 100, temperature: 0.2, top_k: 5, stop_sequences: "```", user_id: "u-1", cache: true } }),
    );
    expect(request.body).toMatchObject({ max_tokens: 100, temperature: 0.2, top_k: 5, stop_sequences: ["```"], metadata: { user_id: "u-1" } });
    expect(request.body.messages.at(-1).content.at(-1)).toEqual({ type: "text", text: "hi", cache_control: { type: "ephemeral" } });
    const withTopP = await send((m) => m.prompt("hi", { stream: false, options: { top_p: 0.9, stop_sequences: ["a", "b"] } }));
    expect(withTopP.body.top_p).toBe(0.9);
    expect(withTopP.body.temperature).toBeUndefined();
    expect(withTopP.body.stop_sequences).toEqual(["a", "b"]);
  });

  it("options are validated at prompt() time, with the plugin's ranges", () => {
    const m = model();
    expect(() => m.prompt("x", { options: { temperature: 1.5 } })).toThrow(/temperature/);
    expect(() => m.prompt("x", { options: { temperature: 0.5, top_p: 0.5 } })).toThrow("Only one of temperature and top_p can be set");
    expect(() => m.prompt("x", { options: { top_k: 0 } })).toThrow(/top_k/);
    expect(() => m.prompt("x", { options: { thinking_effort: "high" } })).toThrow(/thinking_effort/);
    expect(() => model({ thinking: false }).prompt("x", { options: { thinking: true } })).toThrow(/thinking/);
    expect(() => model({ thinkingEffort: true }).prompt("x", { options: { thinking_effort: "high" } })).not.toThrow();
  });

  it("thinking: enabled with the default budget 1024, or the given budget (max_tokens raised above it)", async () => {
    const on = await send((m) => m.prompt("hi", { stream: false, options: { thinking: true } }));
    expect(on.body.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    const budget = await send((m) => m.prompt("hi", { stream: false, options: { thinking_budget: 4000, max_tokens: 2000 } }));
    expect(budget.body.thinking).toEqual({ type: "enabled", budget_tokens: 4000 });
    expect(budget.body.max_tokens).toBe(4001);
    const off = await send((m) => m.prompt("hi", { stream: false, options: { thinking: false } }));
    expect(off.body.thinking).toBeUndefined();
  });

  it("adaptive thinking models: adaptive by default, effort in output_config, display summarized", async () => {
    const config = { modelId: "anthropic/claude-opus-4-6", thinkingEffort: true, adaptiveThinking: true, defaultMaxTokens: 128000 };
    const adaptive = await send((m) => m.prompt("hi", { stream: false, options: { thinking: true, thinking_display: true } }), config);
    expect(adaptive.body).toMatchObject({ model: "claude-opus-4-6", thinking: { type: "adaptive", display: "summarized" }, max_tokens: 128000 });
    expect(adaptive.headers["anthropic-beta"]).toBeUndefined();
    const effort = await send((m) => m.prompt("hi", { stream: false, options: { thinking_effort: "low" } }), config);
    expect(effort.body).toMatchObject({ thinking: { type: "adaptive" }, output_config: { effort: "low" } });
    const opus45 = await send((m) => m.prompt("hi", { stream: false, options: { thinking_effort: "high" } }), {
      modelId: "anthropic/claude-opus-4-5-20251101",
      thinkingEffort: true,
    });
    expect(opus45.headers["anthropic-beta"]).toBe("effort-2025-11-24");
  });

  it("schema on a structured-outputs model: output_config.format with additionalProperties false", async () => {
    const request = await send((m) => m.prompt("a dog", { stream: false, schema: z.object({ name: z.string(), age: z.int() }) }));
    expect(request.body.tools).toBeUndefined();
    expect(request.body.output_config.format.type).toBe("json_schema");
    const schema = request.body.output_config.format.schema;
    expect(schema).toMatchObject({ type: "object", properties: { name: { type: "string" } }, required: ["name", "age"], additionalProperties: false });
    expect(schema.$schema).toBeUndefined();
    expect(schema.properties.age.type).toBe("integer");
    expect(schema.properties.age.minimum).toBeUndefined();
  });

  it("schema elsewhere: the forced output_structured_data tool, whose input is the answer's text", async () => {
    const body = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_2","model":"claude-haiku-4-5","usage":{"input_tokens":5,"output_tokens":1}}}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"output_structured_data","input":{}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"name\\": \\"Rex\\","}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":" \\"age\\": 3}"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join("");
    const replay = replayFetch(body);
    await configure({ fetch: replay.fetch, env: { ANTHROPIC_API_KEY: "k" } });
    const dog = z.object({ name: z.string(), age: z.int() });
    const response = model({ modelId: "anthropic/claude-haiku-4-5-20251001", structuredOutputs: false }).prompt("a dog", { schema: dog });
    expect(await response.text()).toBe('{"name": "Rex", "age": 3}');
    expect(await response.object()).toEqual({ name: "Rex", age: 3 });
    expect(await response.toolCalls()).toEqual([]);
    const request = replay.requests[0]!.body;
    expect(request.tool_choice).toEqual({ type: "tool", name: "output_structured_data" });
    expect(request.tools).toEqual([{ name: "output_structured_data", input_schema: expect.objectContaining({ type: "object", required: ["name", "age"] }) }]);
    expect(request.output_config).toBeUndefined();
  });

  it("schema and tools together are refused, as llm-anthropic does", async () => {
    const replay = replayFetch(message, { contentType: "application/json" });
    await configure({ fetch: replay.fetch, env: { ANTHROPIC_API_KEY: "k" } });
    const t = llm.tool({ name: "t", execute: () => "x" });
    await expect(model().prompt("x", { schema: z.object({ a: z.string() }), tools: [t] }).text()).rejects.toThrow(/schema and tools/);
    expect(replay.requests).toHaveLength(0);
  });

  it("prefill: a last assistant turn, repeated at the start of the answer unless hidden", async () => {
    const request = await send((m) => m.prompt("code", { stream: false, options: { prefill: "```python", hide_prefill: true } }));
    expect(request.body.messages.at(-1)).toEqual({ role: "assistant", content: [{ type: "text", text: "```python" }] });
    const replay = replayFetch(message, { contentType: "application/json" });
    await configure({ fetch: replay.fetch, env: { ANTHROPIC_API_KEY: "k" } });
    expect(await model().prompt("code", { stream: false, options: { prefill: "```python" } }).text()).toBe("```pythonok");
    expect(await model().prompt("code", { stream: false, options: { prefill: "```python", hide_prefill: true } }).text()).toBe("ok");
  });

  it("a missing key names the key and the variable", async () => {
    await configure({ fetch: replayFetch(message).fetch, env: {} });
    await expect(model().prompt("hi").text()).rejects.toThrow(/anthropic.*ANTHROPIC_API_KEY|ANTHROPIC_API_KEY.*anthropic/);
  });
});
