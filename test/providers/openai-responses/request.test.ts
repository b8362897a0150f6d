/**
 * The request bodies the Responses API adapter sends, field by field,
 * through `new Model(createOpenAIResponsesModel(...)).prompt()` with a
 * recording `fetch`; every body is also validated against OpenAI's own
 * `CreateResponse` schema.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { configure } from "../../../src/configure.ts";
import * as llm from "../../../src/index.ts";
import { Model } from "../../../src/model.ts";
import { createOpenAIResponsesModel, type OpenAIResponsesModelConfig } from "../../../src/providers/openai-responses/index.ts";
import type { Message } from "../../../src/spec/message.ts";
import { loadFixtureCases } from "../../helpers/fixtures.ts";
import * as sample from "../../helpers/sample-files.ts";
import { replayFetch, type RecordedRequest } from "../../helpers/replay-fetch.ts";
import { responsesRequestErrors } from "./responses-spec.ts";

/** A whole (non-streamed) answer. */
const answer = JSON.stringify({
  id: "resp_1",
  object: "response",
  status: "completed",
  model: "gpt-5-mini-2025-08-07",
  output: [{ id: "msg_1", type: "message", role: "assistant", content: [{ type: "output_text", text: "ok", annotations: [] }] }],
  usage: { input_tokens: 3, output_tokens: 1, total_tokens: 4 },
});
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const cases = loadFixtureCases("openai", "responses");

const model = (config: Partial<OpenAIResponsesModelConfig> = {}) => new Model(createOpenAIResponsesModel({ modelId: "gpt-5-mini", ...config }));

/** Runs one prompt (not streamed) and returns the request it made, checked against OpenAI's schema. */
async function send(
  run: (model: Model<any>) => llm.Response<any>,
  config: Partial<OpenAIResponsesModelConfig> = {},
  env: Record<string, string> = {},
): Promise<RecordedRequest> {
  const replay = replayFetch(answer, { contentType: "application/json" });
  await configure({ fetch: replay.fetch, env: { OPENAI_API_KEY: "sk-test", ...env } });
  expect(await run(model(config)).text()).toBe("ok");
  expect(replay.requests).toHaveLength(1);
  const request = replay.requests[0]!;
  expect(responsesRequestErrors(request.body)).toEqual([]);
  return request;
}

const defaults = { store: false, include: ["reasoning.encrypted_content"], reasoning: { summary: "auto" } };

beforeEach(async () => {
  await configure({ fetch: undefined, env: {}, storage: llm.createMemoryStorage() });
});

describe("OpenAI Responses request", () => {
  it("POST <base>/responses with the bearer key; user text as a plain string; the defaults", async () => {
    const request = await send((m) => m.prompt("hi", { stream: false }));
    expect(request.url).toBe("https://api.openai.com/v1/responses");
    expect(request.method).toBe("POST");
    expect(request.headers).toMatchObject({ authorization: "Bearer sk-test", "content-type": "application/json", accept: "application/json" });
    expect(request.body).toEqual({ model: "gpt-5-mini", input: [{ role: "user", content: "hi" }], ...defaults, stream: false });
  });

  it("base URL: apiBase, else OPENAI_BASE_URL, else api.openai.com; streaming asks for an event stream; modelName on the wire", async () => {
    const completed = 'data: {"type":"response.completed","response":{"id":"r","status":"completed","output":[]}}\n\n';
    const replay = replayFetch(completed);
    await configure({ fetch: replay.fetch, env: { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "https://proxy.test/v1/" } });
    await model().prompt("hi").text();
    await model({ apiBase: "https://own.test/openai", modelName: "gpt-5-mini-2025-08-07" }).prompt("hi").text();
    expect(replay.requests.map((request) => request.url)).toEqual(["https://proxy.test/v1/responses", "https://own.test/openai/responses"]);
    expect(replay.requests[0]!.headers.accept).toBe("text/event-stream");
    expect(replay.requests[0]!.body.stream).toBe(true);
    expect(replay.requests[1]!.body.model).toBe("gpt-5-mini-2025-08-07");
    for (const request of replay.requests) expect(responsesRequestErrors(request.body)).toEqual([]);
  });

  it("the recorded requests: the same fields, with a reasoning summary asked for", async () => {
    const text = cases.find((kase) => kase.name === "text-stream-gpt-5.5")!;
    const completed = 'data: {"type":"response.completed","response":{"id":"r","status":"completed","output":[]}}\n\n';
    const replay = replayFetch(completed);
    await configure({ fetch: replay.fetch, env: { OPENAI_API_KEY: "k" } });
    await new Model(createOpenAIResponsesModel({ modelId: "gpt-5.5" })).prompt("Reply with exactly: pong", { options: { reasoning_effort: "low" } }).text();
    expect(replay.requests[0]!.body).toEqual({ ...text.request, reasoning: { effort: "low", summary: "auto" } });
    expect(responsesRequestErrors(text.request)).toEqual([]);
  });

  it("the last system message becomes instructions", async () => {
    const history: Message[] = [
      { role: "system", parts: [{ type: "text", text: "Old rules" }] },
      { role: "user", parts: [{ type: "text", text: "before" }] },
      { role: "assistant", parts: [{ type: "text", text: "ok" }] },
    ];
    const request = await send((m) => m.prompt("hi", { system: "Be brief", messages: history, stream: false }));
    expect(request.body.instructions).toBe("Be brief");
    expect(request.body.input).toEqual([
      { role: "user", content: "before" },
      { role: "assistant", content: "ok" },
      { role: "user", content: "hi" },
    ]);
    const only = await send((m) => m.prompt("hi", { messages: history, stream: false }));
    expect(only.body.instructions).toBe("Old rules");
  });

  it("attachments: input_text first, images as input_image (URL as is, bytes as data: URIs), PDFs as input_file", async () => {
    const png = sample.png();
    const pdf = sample.pdf();
    const request = await send((m) =>
      m.prompt("Describe", {
        stream: false,
        attachments: [llm.attachment({ content: png }), llm.attachment({ content: pdf }), llm.attachment({ url: "https://example.com/pelican.jpg" })],
      }),
    );
    const pdfId = await llm.attachment({ content: pdf }).id();
    expect(request.body.input).toEqual([
      {
        role: "user",
        content: [
          { type: "input_text", text: "Describe" },
          { type: "input_image", image_url: `data:image/png;base64,${b64(png)}`, detail: "auto" },
          { type: "input_file", filename: `${pdfId}.pdf`, file_data: `data:application/pdf;base64,${b64(pdf)}` },
          { type: "input_image", image_url: "https://example.com/pelican.jpg", detail: "auto" },
        ],
      },
    ]);
    const low = await send((m) => m.prompt("", { stream: false, attachments: [llm.attachment({ url: "https://example.com/a.png" })], options: { image_detail: "low" } }));
    expect(low.body.input).toEqual([{ role: "user", content: [{ type: "input_image", image_url: "https://example.com/a.png", detail: "low" }] }]);
  });

  it("tools as {type: function, name, description, parameters, strict: false}", async () => {
    const upper = llm.tool({ name: "upper", description: "Upper-case text.", parameters: z.object({ text: z.string() }), execute: ({ text }) => text.toUpperCase() });
    const none = llm.tool({ name: "noargs", execute: () => "x" });
    const request = await send((m) => m.prompt("hi", { tools: [upper, none], stream: false }));
    expect(request.body.tools).toEqual([
      {
        type: "function",
        name: "upper",
        description: "Upper-case text.",
        parameters: expect.objectContaining({ type: "object", properties: { text: { type: "string" } }, required: ["text"] }),
        strict: false,
      },
      { type: "function", name: "noargs", parameters: expect.objectContaining({ type: "object" }), strict: false },
    ]);
    expect(request.body.tool_choice).toBeUndefined();
  });

  it("earlier tool calls and results: function_call items after the assistant's text, function_call_output items", async () => {
    const history: Message[] = [
      { role: "user", parts: [{ type: "text", text: "What is 1231 * 2331?" }] },
      {
        role: "assistant",
        parts: [
          { type: "text", text: "Let me check." },
          { type: "tool-call", toolCallId: "call_1", name: "multiply", arguments: { a: 1231, b: 2331 } },
          { type: "tool-call", toolCallId: "call_2", name: "note", arguments: { text: "café" } },
        ],
      },
      {
        role: "tool",
        parts: [
          { type: "tool-result", toolCallId: "call_1", name: "multiply", output: "2869461" },
          { type: "tool-result", toolCallId: "call_2", name: "note", output: "noted" },
        ],
      },
    ];
    const request = await send((m) => m.prompt("", { messages: history, stream: false }));
    expect(request.body.input).toEqual([
      { role: "user", content: "What is 1231 * 2331?" },
      { role: "assistant", content: "Let me check." },
      // `json.dumps` as the Python library sends them.
      { type: "function_call", call_id: "call_1", name: "multiply", arguments: '{"a": 1231, "b": 2331}' },
      { type: "function_call", call_id: "call_2", name: "note", arguments: '{"text": "caf\\u00e9"}' },
      { type: "function_call_output", call_id: "call_1", output: "2869461" },
      { type: "function_call_output", call_id: "call_2", output: "noted" },
    ]);
  });

  it("reasoning parts with their encrypted content go back as reasoning items, before the assistant's items", async () => {
    const history: Message[] = [
      { role: "user", parts: [{ type: "text", text: "Think" }] },
      {
        role: "assistant",
        parts: [
          {
            type: "reasoning",
            text: "Thinking it over",
            providerMetadata: { openai: { id: "rs_1", encrypted_content: "gAAAA-1", summary: [{ type: "summary_text", text: "Thinking it over" }] } },
          },
          { type: "reasoning", text: "no metadata: not sent" },
          { type: "reasoning", text: "", providerMetadata: { openai: { id: "rs_2" } } },
          { type: "reasoning", text: "summary from the text", providerMetadata: { openai: { id: "rs_3", encrypted_content: "gAAAA-3" } } },
          { type: "text", text: "Done" },
        ],
      },
    ];
    const request = await send((m) => m.prompt("again", { messages: history, stream: false }));
    expect(request.body.input).toEqual([
      { role: "user", content: "Think" },
      { type: "reasoning", id: "rs_1", encrypted_content: "gAAAA-1", summary: [{ type: "summary_text", text: "Thinking it over" }] },
      { type: "reasoning", id: "rs_3", encrypted_content: "gAAAA-3", summary: [{ type: "summary_text", text: "summary from the text" }] },
      { role: "assistant", content: "Done" },
      { role: "user", content: "again" },
    ]);
  });

  it("options: max_tokens as max_output_tokens, temperature, top_p, seed, service_tier, parallel_tool_calls, reasoning effort, verbosity", async () => {
    const request = await send((m) =>
      m.prompt("hi", {
        stream: false,
        options: {
          max_tokens: 100,
          temperature: 0.2,
          top_p: 0.9,
          seed: 7,
          service_tier: "flex",
          parallel_tool_calls: false,
          reasoning_effort: "high",
          verbosity: "low",
          image_detail: "high",
        },
      }),
    );
    expect(request.body).toEqual({
      model: "gpt-5-mini",
      input: [{ role: "user", content: "hi" }],
      max_output_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      seed: 7,
      service_tier: "flex",
      parallel_tool_calls: false,
      reasoning: { effort: "high", summary: "auto" },
      text: { verbosity: "low" },
      store: false,
      include: ["reasoning.encrypted_content"],
      stream: false,
    });
  });

  it("reasoningSummary: another summary, or none (reasoning left out when there is no effort either)", async () => {
    const concise = await send((m) => m.prompt("hi", { stream: false }), { reasoningSummary: "concise" });
    expect(concise.body.reasoning).toEqual({ summary: "concise" });
    const none = await send((m) => m.prompt("hi", { stream: false }), { reasoningSummary: false });
    expect(none.body.reasoning).toBeUndefined();
    const effort = await send((m) => m.prompt("hi", { stream: false, options: { reasoning_effort: "minimal" } }), { reasoningSummary: false });
    expect(effort.body.reasoning).toEqual({ effort: "minimal" });
  });

  it("reasoning: false (a model that does not reason): no reasoning, no encrypted reasoning, no reasoning_effort option", async () => {
    const request = await send((m) => m.prompt("hi", { stream: false, options: { temperature: 0.5 } }), { modelId: "gpt-4.1", reasoning: false });
    expect(request.body).toEqual({ model: "gpt-4.1", input: [{ role: "user", content: "hi" }], temperature: 0.5, store: false, stream: false });
    expect(() => model({ reasoning: false }).prompt("x", { options: { reasoning_effort: "low" } })).toThrow(/reasoning_effort/);
  });

  it("a schema: text.format json_schema named output, not strict; it wins over json_object", async () => {
    const dog = z.object({ name: z.string(), age: z.int() });
    const request = await send((m) => m.prompt("a dog", { stream: false, schema: dog, options: { json_object: true, verbosity: "high" } }));
    expect(request.body.text).toEqual({
      verbosity: "high",
      format: { type: "json_schema", name: "output", schema: expect.objectContaining({ type: "object", required: ["name", "age"] }), strict: false },
    });
    const json = await send((m) => m.prompt("JSON please", { stream: false, options: { json_object: true } }));
    expect(json.body.text).toEqual({ format: { type: "json_object" } });
  });

  it("options are validated at prompt() time; unknown names are rejected", () => {
    const m = model();
    expect(() => m.prompt("x", { options: { temperature: 3 } })).toThrow(/temperature/);
    expect(() => m.prompt("x", { options: { reasoning_effort: "huge" } as any })).toThrow(/reasoning_effort/);
    expect(() => m.prompt("x", { options: { verbosity: "loud" } as any })).toThrow(/verbosity/);
    expect(() => m.prompt("x", { options: { frequency_penalty: 1 } as any })).toThrow(/frequency_penalty/);
    expect(() => m.prompt("x", { options: { max_tokens: 1.5 } })).toThrow(/max_tokens/);
    expect(() => m.prompt("x", { options: { reasoning_effort: "xhigh", verbosity: "medium", service_tier: "priority" } })).not.toThrow();
  });

  it("chat_completions: true sends the prompt to <base>/chat/completions instead", async () => {
    const completion = JSON.stringify({
      id: "chatcmpl-1",
      object: "chat.completion",
      model: "gpt-5-mini",
      choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
    });
    const replay = replayFetch(completion, { contentType: "application/json" });
    await configure({ fetch: replay.fetch, env: { OPENAI_API_KEY: "sk-test" } });
    const response = model().prompt("hi", { stream: false, options: { chat_completions: true, max_tokens: 50, verbosity: "low", reasoning_effort: "low" } });
    expect(await response.text()).toBe("ok");
    const request = replay.requests[0]!;
    expect(request.url).toBe("https://api.openai.com/v1/chat/completions");
    expect(request.headers.authorization).toBe("Bearer sk-test");
    expect(request.body).toEqual({
      model: "gpt-5-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: false,
      max_completion_tokens: 50,
      reasoning_effort: "low",
    });
  });

  it("the schema check catches what the API rejects: an image without detail, a tool without strict", () => {
    const base = { model: "gpt-5", input: [{ role: "user", content: "hi" }] };
    expect(responsesRequestErrors(base)).toEqual([]);
    expect(responsesRequestErrors({ ...base, input: [{ role: "user", content: [{ type: "input_image", image_url: "https://x.test/a.png" }] }] })).not.toEqual([]);
    expect(responsesRequestErrors({ ...base, tools: [{ type: "function", name: "t", parameters: {} }] })).not.toEqual([]);
    expect(responsesRequestErrors({ ...base, text: { format: { type: "json_schema", schema: {} } } })).not.toEqual([]);
  });

  it("a model that cannot stream is asked for one JSON answer", async () => {
    const request = await send((m) => m.prompt("hi"), { canStream: false });
    expect(request.body.stream).toBe(false);
  });

  it("a missing key names the key and the variable", async () => {
    await configure({ fetch: replayFetch(answer).fetch, env: {} });
    await expect(model().prompt("hi").text()).rejects.toThrow(/openai.*OPENAI_API_KEY/);
  });
});
