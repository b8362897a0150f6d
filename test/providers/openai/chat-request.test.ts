/**
 * The request bodies the OpenAI chat adapter sends, field by field, each one
 * also validated against OpenAI's own OpenAPI schema.
 */
import { describe, expect, it } from "vitest";
import { createOpenAIChatModel, type OpenAIChatModelConfig, type OpenAIChatOptions } from "../../../src/providers/openai/index.ts";
import type { AttachmentSource, Message } from "../../../src/spec/message.ts";
import type { ModelCall } from "../../../src/spec/model-adapter.ts";
import { collectParts } from "../../helpers/collect-parts.ts";
import { loadFixtureCases } from "../../helpers/fixtures.ts";
import { chatRequestErrors } from "../../helpers/openai-spec.ts";
import { replayFetch, type RecordedRequest } from "../../helpers/replay-fetch.ts";

const completion = JSON.stringify({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-mini-2024-07-18",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

const user = (text: string): Message => ({ role: "user", parts: [{ type: "text", text }] });
const system = (text: string): Message => ({ role: "system", parts: [{ type: "text", text }] });
const assistant = (text: string): Message => ({ role: "assistant", parts: [{ type: "text", text }] });

type CallOverrides = Partial<Omit<ModelCall<OpenAIChatOptions>, "fetch">>;

/** Runs one call and returns the request it made (checked against OpenAI's schema). */
async function send(overrides: CallOverrides = {}, config: Partial<OpenAIChatModelConfig> = {}): Promise<RecordedRequest> {
  const stream = overrides.stream ?? true;
  const { fetch, requests } = replayFetch(stream ? "data: [DONE]\n\n" : completion, {
    contentType: stream ? "text/event-stream" : "application/json",
  });
  const adapter = createOpenAIChatModel({ modelId: "gpt-4o-mini", ...config });
  const { error } = await collectParts(
    adapter.execute({ messages: [user("hi")], options: {}, tools: [], stream, key: "sk-test", env: {}, ...overrides, fetch }),
  );
  expect(error).toBeUndefined();
  expect(requests).toHaveLength(1);
  const request = requests[0]!;
  expect(chatRequestErrors(request.body)).toEqual([]);
  return request;
}

function attachment(type: string, options: { url?: string; bytes?: string } = {}): AttachmentSource {
  const bytes = new TextEncoder().encode(options.bytes ?? "bytes");
  return {
    type,
    url: options.url,
    bytes: async () => bytes,
    base64: async () => btoa(options.bytes ?? "bytes"),
    id: async () => "0123abcd",
  };
}

describe("OpenAI chat request", () => {
  it("streams: POST <base>/chat/completions with model, messages, stream and stream_options", async () => {
    const request = await send();
    expect(request.url).toBe("https://api.openai.com/v1/chat/completions");
    expect(request.method).toBe("POST");
    expect(request.headers).toMatchObject({
      authorization: "Bearer sk-test",
      "content-type": "application/json",
      accept: "text/event-stream",
    });
    expect(request.body).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("not streaming: stream false and no stream_options", async () => {
    const request = await send({ stream: false });
    expect(request.body).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], stream: false });
    expect(request.headers.accept).toBe("application/json");
  });

  it("sends modelName on the wire, and an OpenAI-compatible server needs no key (the Python library's localai check)", async () => {
    const adapter = createOpenAIChatModel({ modelId: "orca", modelName: "orca-mini-3b", apiBase: "http://localai.localhost" });
    expect(adapter.keyName).toBeUndefined();
    expect(adapter.keyEnvVar).toBeUndefined();
    const request = await send(
      { stream: false, key: undefined, messages: [user("Say hello")] },
      { modelId: "orca", modelName: "orca-mini-3b", apiBase: "http://localai.localhost" },
    );
    expect(request.url).toBe("http://localai.localhost/chat/completions");
    expect(request.body).toEqual({ model: "orca-mini-3b", messages: [{ role: "user", content: "Say hello" }], stream: false });
    expect(request.headers.authorization).toBeUndefined();
  });

  it("base URL: apiBase, else OPENAI_BASE_URL from the call's env, else api.openai.com", async () => {
    expect((await send({ env: { OPENAI_BASE_URL: "https://proxy.test/openai/v1/" } })).url).toBe("https://proxy.test/openai/v1/chat/completions");
    expect((await send({ env: { OPENAI_BASE_URL: "https://proxy.test/v1" } }, { apiBase: "https://own.test/v1" })).url).toBe(
      "https://own.test/v1/chat/completions",
    );
    expect((await send({ env: {} })).url).toBe("https://api.openai.com/v1/chat/completions");
  });

  it("sends no Authorization header without a key, and the configured headers", async () => {
    const request = await send({ key: undefined }, { headers: { "HTTP-Referer": "https://app.test", "X-Title": "app" } });
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers).toMatchObject({ "http-referer": "https://app.test", "x-title": "app" });
  });

  it("a model that cannot stream is asked for one JSON answer", async () => {
    const request = await send({ stream: false }, { canStream: false });
    expect(request.body.stream).toBe(false);
    const { fetch, requests } = replayFetch(completion, { contentType: "application/json" });
    const adapter = createOpenAIChatModel({ modelId: "o1", canStream: false });
    const { parts } = await collectParts(adapter.execute({ messages: [user("hi")], options: {}, tools: [], stream: true, env: {}, fetch }));
    expect(requests[0]!.body.stream).toBe(false);
    expect(requests[0]!.body.stream_options).toBeUndefined();
    expect(parts.some((part) => part.type === "text-delta")).toBe(true);
  });

  it("system prompts: sent once while unchanged, again when changed", async () => {
    const request = await send({
      messages: [system("S"), user("a"), assistant("b"), system("S"), user("c"), system("T"), user("d"), system("S"), user("e")],
    });
    expect(request.body.messages).toEqual([
      { role: "system", content: "S" },
      { role: "user", content: "a" },
      { role: "assistant", content: "b" },
      { role: "user", content: "c" },
      { role: "system", content: "T" },
      { role: "user", content: "d" },
      { role: "system", content: "S" },
      { role: "user", content: "e" },
    ]);
  });

  it("tool calls and tool results: assistant tool_calls (content null without text), one tool message per result", async () => {
    const request = await send({
      messages: [
        user("What is 1231 * 2331?"),
        {
          role: "assistant",
          parts: [
            { type: "reasoning", text: "thinking..." },
            { type: "tool-call", toolCallId: "call_1", name: "multiply", arguments: { a: 1231, b: 2331 } },
            { type: "tool-call", toolCallId: "call_2", name: "llm_version", arguments: {} },
          ],
        },
        {
          role: "tool",
          parts: [
            { type: "tool-result", toolCallId: "call_1", name: "multiply", output: "2869461" },
            { type: "tool-result", toolCallId: "call_2", name: "llm_version", output: "0.32" },
          ],
        },
        { role: "assistant", parts: [{ type: "text", text: "Let me check. " }, { type: "tool-call", toolCallId: "c3", name: "f", arguments: { q: "é" } }] },
        { role: "tool", parts: [{ type: "tool-result", toolCallId: "c3", name: "f", output: "done" }] },
      ],
    });
    expect(request.body.messages).toEqual([
      { role: "user", content: "What is 1231 * 2331?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { type: "function", id: "call_1", function: { name: "multiply", arguments: '{"a":1231,"b":2331}' } },
          { type: "function", id: "call_2", function: { name: "llm_version", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "2869461" },
      { role: "tool", tool_call_id: "call_2", content: "0.32" },
      {
        role: "assistant",
        content: "Let me check. ",
        tool_calls: [{ type: "function", id: "c3", function: { name: "f", arguments: '{"q":"é"}' } }],
      },
      { role: "tool", tool_call_id: "c3", content: "done" },
    ]);
  });

  it("reasoning parts are not sent; a reasoning-only assistant turn is dropped", async () => {
    const request = await send({
      messages: [
        user("a"),
        { role: "assistant", parts: [{ type: "reasoning", text: "hmm" }] },
        { role: "assistant", parts: [{ type: "reasoning", text: "hmm", redacted: true }, { type: "text", text: "b" }] },
      ],
    });
    expect(request.body.messages).toEqual([
      { role: "user", content: "a" },
      { role: "assistant", content: "b" },
    ]);
  });

  it("attachments: text first, image URL as is, bytes as data URIs, audio as input_audio, PDF as file", async () => {
    const request = await send({
      messages: [
        {
          role: "user",
          parts: [
            { type: "text", text: "Describe these" },
            { type: "attachment", attachment: attachment("image/png", { url: "https://example.com/pelican.png" }) },
            { type: "attachment", attachment: attachment("image/jpeg", { bytes: "jpeg" }) },
            { type: "attachment", attachment: attachment("audio/wav", { url: "https://example.com/a.wav", bytes: "wav" }) },
            { type: "attachment", attachment: attachment("audio/mpeg", { bytes: "mp3" }) },
            { type: "attachment", attachment: attachment("application/pdf", { bytes: "pdf" }) },
          ],
        },
        { role: "user", parts: [{ type: "attachment", attachment: attachment("image/webp", { bytes: "webp" }) }] },
      ],
    });
    expect(request.body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Describe these" },
          { type: "image_url", image_url: { url: "https://example.com/pelican.png" } },
          { type: "image_url", image_url: { url: `data:image/jpeg;base64,${btoa("jpeg")}` } },
          { type: "input_audio", input_audio: { data: btoa("wav"), format: "wav" } },
          { type: "input_audio", input_audio: { data: btoa("mp3"), format: "mp3" } },
          { type: "file", file: { filename: "0123abcd.pdf", file_data: `data:application/pdf;base64,${btoa("pdf")}` } },
        ],
      },
      { role: "user", content: [{ type: "image_url", image_url: { url: `data:image/webp;base64,${btoa("webp")}` } }] },
    ]);
  });

  it("attachments returned with tool results follow the tool messages as a user message", async () => {
    const request = await send({
      messages: [
        user("get the file"),
        { role: "assistant", parts: [{ type: "tool-call", toolCallId: "c1", name: "get_file", arguments: {} }] },
        {
          role: "tool",
          parts: [
            { type: "tool-result", toolCallId: "c1", name: "get_file", output: "See file 6a18c6." },
            { type: "attachment", attachment: attachment("image/png", { url: "https://www.gstatic.com/webp/gallery3/1.png" }) },
          ],
        },
      ],
    });
    expect(request.body.messages.slice(2)).toEqual([
      { role: "tool", tool_call_id: "c1", content: "See file 6a18c6." },
      { role: "user", content: [{ type: "image_url", image_url: { url: "https://www.gstatic.com/webp/gallery3/1.png" } }] },
    ]);
  });

  it("maps each option to the wire; null options are not sent; json_object becomes response_format", async () => {
    const options: OpenAIChatOptions = {
      temperature: 0.2,
      max_tokens: 50,
      top_p: 0.9,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      stop: ["\n\n"],
      logit_bias: { "1712": -100 },
      seed: 7,
      json_object: true,
      reasoning_effort: null,
    };
    const request = await send({ options });
    expect(request.body).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 50,
      top_p: 0.9,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      stop: ["\n\n"],
      logit_bias: { "1712": -100 },
      seed: 7,
      response_format: { type: "json_object" },
    });
    expect((await send({ options: { stop: "END", json_object: false } })).body).toMatchObject({ stop: "END" });
    expect((await send({ options: { json_object: false } })).body.response_format).toBeUndefined();
    const reasoning = await send({ options: { reasoning_effort: "low", max_tokens: 500 } }, { reasoning: true });
    expect(reasoning.body).toMatchObject({ reasoning_effort: "low", max_completion_tokens: 500 });
    expect(reasoning.body.max_tokens).toBeUndefined();
  });

  it("a schema becomes response_format json_schema named output, and wins over json_object", async () => {
    const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
    const request = await send({ schema, options: { json_object: true } });
    expect(request.body.response_format).toEqual({ type: "json_schema", json_schema: { name: "output", schema } });
  });

  it("tools become function tools, with no tool_choice", async () => {
    const parameters = { type: "object", properties: { a: { type: "integer" }, b: { type: "integer" } }, required: ["a", "b"] };
    const request = await send({
      tools: [
        { name: "multiply", description: "Multiply two numbers.", parameters },
        { name: "llm_version", parameters: { type: "object", properties: {} } },
      ],
    });
    expect(request.body.tools).toEqual([
      { type: "function", function: { name: "multiply", description: "Multiply two numbers.", parameters } },
      { type: "function", function: { name: "llm_version", parameters: { type: "object", properties: {} } } },
    ]);
    expect(request.body.tool_choice).toBeUndefined();
    expect(request.body.parallel_tool_calls).toBeUndefined();
  });

  it("the recorded requests of the fixtures pass the same schema check (the check itself works)", () => {
    const recorded = [...loadFixtureCases("openai", "chat-completions"), ...loadFixtureCases("openai-compatible", "chat-completions")]
      .map((kase) => kase.request)
      .filter(Boolean);
    expect(recorded.length).toBeGreaterThan(5);
    for (const body of recorded) expect(chatRequestErrors(body)).toEqual([]);
    expect(chatRequestErrors({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], temperature: 3 })).not.toEqual([]);
    expect(chatRequestErrors({ model: "gpt-4o", messages: [{ role: "robot", content: "hi" }] })).not.toEqual([]);
    expect(chatRequestErrors({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], max_tokens: null })).toEqual([]);
  });
});
