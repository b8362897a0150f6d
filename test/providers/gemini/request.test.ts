/**
 * Gemini request bodies field by field, through `model.prompt()` against a
 * fetch double: URL and headers, system instruction, attachments, tools,
 * schema, options and thinking, conversations, keys and base URL.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../../../src/index.ts";
import { NeedsKeyError, OptionsError } from "../../../src/errors.ts";
import { createGeminiModel, geminiModelConfig } from "../../../src/providers/gemini/index.ts";
import * as sample from "../../helpers/sample-files.ts";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** One whole answer (what `generateContent` returns), also served as one SSE event. */
const answer = (parts: object[] = [{ text: "ok" }]) => ({
  candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
  usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 },
  modelVersion: "gemini-2.5-flash",
  responseId: "resp-1",
});

/** Answers Gemini requests (SSE or JSON, by the URL) and attachment URLs from `files`; records every request. */
function geminiServer(files: Record<string, sample.Bytes> = {}, parts?: object[]) {
  const requests: Array<{ url: string; headers: Record<string, string>; body: any }> = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const url = String(input);
    if (files[url]) return new Response(files[url]);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    requests.push({ url, headers, body: JSON.parse(String(init.body)) });
    const json = JSON.stringify(answer(parts));
    if (url.endsWith(":generateContent")) return new Response(json, { headers: { "content-type": "application/json; charset=UTF-8" } });
    return new Response(`data: ${json}\r\n\r\n`, { headers: { "content-type": "text/event-stream" } });
  };
  return { fetch, requests };
}

const model = (name = "gemini-2.5-flash") => new llm.Model(createGeminiModel(geminiModelConfig(name)));

beforeEach(async () => {
  await llm.configure({ env: { GEMINI_API_KEY: "gm-secret-key" }, storage: llm.createMemoryStorage() });
});
afterEach(async () => {
  await llm.configure({ fetch: undefined, env: {} });
});

async function bodyOf(name: string, prompt: string, options: llm.PromptOptions<any, any> = {}, files?: Record<string, sample.Bytes>) {
  const server = geminiServer(files);
  await llm.configure({ fetch: server.fetch });
  await model(name).prompt(prompt, options).text();
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
}

describe("Gemini requests", () => {
  it("streams from streamGenerateContent?alt=sse with the key in x-goog-api-key, never in the URL", async () => {
    const { url, headers, body } = await bodyOf("gemini-2.0-flash", "Hi", { system: "Be brief." });
    expect(url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
    expect(url).not.toContain("gm-secret-key");
    expect(headers["x-goog-api-key"]).toBe("gm-secret-key");
    expect(headers["content-type"]).toBe("application/json");
    expect(headers.authorization).toBeUndefined();
    expect(body).toEqual({
      contents: [{ role: "user", parts: [{ text: "Hi" }] }],
      systemInstruction: { parts: [{ text: "Be brief." }] },
    });
  });

  it("asks generateContent for one JSON answer with stream: false", async () => {
    const server = geminiServer();
    await llm.configure({ fetch: server.fetch });
    const response = model("gemini-2.0-flash").prompt("Hi", { stream: false });
    expect(await response.text()).toBe("ok");
    expect(server.requests[0]!.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent");
    expect(await response.usage()).toEqual({ input: 3, output: 1, details: { candidatesTokenCount: 1 } });
    expect(await response.resolvedModel()).toBe("gemini-2.5-flash");
    expect(await response.finishReason()).toBe("STOP");
    expect(await response.json()).toEqual(answer());
  });

  it("maps the sampling options to generationConfig", async () => {
    const { body } = await bodyOf("gemini-2.0-flash", "Hi", { options: { temperature: 0.5, max_output_tokens: 100, top_p: 0.9, top_k: 40 } });
    expect(body.generationConfig).toEqual({ temperature: 0.5, maxOutputTokens: 100, topP: 0.9, topK: 40 });
  });

  it("json_object asks for application/json", async () => {
    const { body } = await bodyOf("gemini-2.0-flash", "Cities as JSON", { options: { json_object: true } });
    expect(body.generationConfig).toEqual({ responseMimeType: "application/json" });
  });

  it("rejects unknown and out-of-range options at prompt() time", () => {
    expect(() => model("gemini-2.0-flash").prompt("Hi", { options: { thinking_budget: 100 } })).toThrow(OptionsError);
    expect(() => model("gemini-2.0-flash").prompt("Hi", { options: { max_tokens: 100 } as never })).toThrow(OptionsError);
    expect(() => model().prompt("Hi", { options: { temperature: 3 } })).toThrow(OptionsError);
    expect(() => model().prompt("Hi", { options: { top_k: 0 } })).toThrow(OptionsError);
    expect(() => model().prompt("Hi", { options: { thinking_level: "high" } })).toThrow(OptionsError);
    expect(() => model("gemini-3-pro-preview").prompt("Hi", { options: { thinking_level: "minimal" } })).toThrow(OptionsError);
    expect(() => model("gemini-3-flash-preview").prompt("Hi", { options: { thinking_level: "minimal" } })).not.toThrow();
  });

  it("attachments: text first, then inlineData with the bytes base64 (URLs downloaded), audio/mpeg as audio/mp3", async () => {
    const png = sample.png();
    const mp3 = sample.mp3WithId3();
    const pdf = sample.pdf();
    const { body } = await bodyOf(
      "gemini-2.5-flash",
      "What is this?",
      {
        attachments: [
          llm.attachment({ content: png }),
          llm.attachment({ url: "https://example.com/a.mp3", type: "audio/mpeg" }),
          llm.attachment({ content: pdf, type: "application/pdf" }),
        ],
      },
      { "https://example.com/a.mp3": mp3 },
    );
    expect(body.contents).toEqual([
      {
        role: "user",
        parts: [
          { text: "What is this?" },
          { inlineData: { mimeType: "image/png", data: b64(png) } },
          { inlineData: { mimeType: "audio/mp3", data: b64(mp3) } },
          { inlineData: { mimeType: "application/pdf", data: b64(pdf) } },
        ],
      },
    ]);
  });

  it("tools: functionDeclarations with parameters cleaned for Gemini", async () => {
    const lookup = llm.tool({
      name: "lookup",
      description: "Look a city up.",
      parameters: z.object({ city: z.string(), title: z.string().optional(), where: z.object({ lat: z.number() }) }),
      execute: () => "ok",
    });
    const now = llm.tool({ name: "now", execute: () => "noon" });
    const { body } = await bodyOf("gemini-2.5-flash", "Hi", { tools: [lookup, now] });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: "lookup",
            description: "Look a city up.",
            parameters: {
              type: "object",
              properties: { city: { type: "string" }, title: { type: "string" }, where: { type: "object", properties: { lat: { type: "number" } }, required: ["lat"] } },
              required: ["city", "where"],
            },
          },
          { name: "now", parameters: { type: "object", properties: {} } },
        ],
      },
    ]);
    expect(JSON.stringify(body.tools)).not.toContain("additionalProperties");
  });

  it("schema: responseMimeType and responseSchema, cleaned and with $defs inlined", async () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "Dogs",
      type: "object",
      properties: { dogs: { type: "array", items: { $ref: "#/$defs/Dog" } } },
      required: ["dogs"],
      additionalProperties: false,
      $defs: { Dog: { title: "Dog", type: "object", properties: { name: { type: "string" }, title: { type: "string" } }, additionalProperties: false } },
    };
    const { body } = await bodyOf("gemini-2.5-flash", "Invent dogs", { schema, options: { json_object: true } });
    expect(body.generationConfig).toEqual({
      responseMimeType: "application/json",
      responseSchema: {
        type: "object",
        properties: { dogs: { type: "array", items: { type: "object", properties: { name: { type: "string" }, title: { type: "string" } } } } },
        required: ["dogs"],
      },
      thinkingConfig: { includeThoughts: true },
    });
  });

  it("thinking: thinking models ask for their thoughts; thinking_budget and thinking_level go in thinkingConfig", async () => {
    expect((await bodyOf("gemini-2.5-flash", "Hi")).body.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true } });
    expect((await bodyOf("gemini-2.5-pro", "Hi", { options: { thinking_budget: 1024 } })).body.generationConfig).toEqual({
      thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
    });
    // A budget of 0 turns thinking off: there are no thoughts to include.
    expect((await bodyOf("gemini-2.5-flash", "Hi", { options: { thinking_budget: 0 } })).body.generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 0 },
    });
    expect((await bodyOf("gemini-3-pro-preview", "Hi", { options: { thinking_level: "high" } })).body.generationConfig).toEqual({
      thinkingConfig: { includeThoughts: true, thinkingLevel: "high" },
    });
    expect((await bodyOf("gemini-2.0-flash", "Hi")).body.generationConfig).toBeUndefined();
  });

  it("thoughts surface as reasoning, not text", async () => {
    const server = geminiServer({}, [{ text: "Let me think.", thought: true }, { text: "Four." }]);
    await llm.configure({ fetch: server.fetch });
    const response = model().prompt("2+2?");
    expect(await response.text()).toBe("Four.");
    expect(await response.reasoning()).toBe("Let me think.");
  });

  it("a conversation sends the earlier turns as user and model contents", async () => {
    const server = geminiServer();
    await llm.configure({ fetch: server.fetch });
    const conversation = model("gemini-2.0-flash").conversation();
    await conversation.prompt("One", { system: "Be brief." }).text();
    await conversation.prompt("Two", { system: "Be brief." }).text();
    expect(server.requests[1]!.body).toEqual({
      systemInstruction: { parts: [{ text: "Be brief." }] },
      contents: [
        { role: "user", parts: [{ text: "One" }] },
        { role: "model", parts: [{ text: "ok" }] },
        { role: "user", parts: [{ text: "Two" }] },
      ],
    });
  });

  it("reads the key from GEMINI_API_KEY, else LLM_GEMINI_KEY, else names GEMINI_API_KEY in NeedsKeyError", async () => {
    const server = geminiServer();
    await llm.configure({ fetch: server.fetch, env: { LLM_GEMINI_KEY: "gm-plugin-key" } });
    await model().prompt("Hi").text();
    expect(server.requests[0]!.headers["x-goog-api-key"]).toBe("gm-plugin-key");
    await llm.configure({ env: { LLM_GEMINI_KEY: "gm-plugin-key", GEMINI_API_KEY: "gm-main-key" } });
    await model().prompt("Hi").text();
    expect(server.requests[1]!.headers["x-goog-api-key"]).toBe("gm-main-key");
    await llm.setKey("gemini", "gm-stored-key");
    await model().prompt("Hi").text();
    expect(server.requests[2]!.headers["x-goog-api-key"]).toBe("gm-stored-key");
    await llm.configure({ env: {}, storage: llm.createMemoryStorage() });
    const error = await model().prompt("Hi").text().catch((caught: unknown) => caught);
    expect(NeedsKeyError.is(error)).toBe(true);
    expect(error).toMatchObject({ keyName: "gemini", envVar: "GEMINI_API_KEY" });
  });

  it("uses GEMINI_BASE_URL, and apiBase over it", async () => {
    const server = geminiServer();
    await llm.configure({ fetch: server.fetch, env: { GEMINI_API_KEY: "k", GEMINI_BASE_URL: "http://127.0.0.1:9999/" } });
    await model("gemini-2.0-flash").prompt("Hi").text();
    expect(server.requests[0]!.url).toBe("http://127.0.0.1:9999/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
    await new llm.Model(createGeminiModel({ modelId: "mine", modelName: "gemini-2.0-flash", apiBase: "https://proxy.example/gemini" })).prompt("Hi").text();
    expect(server.requests[1]!.url).toBe("https://proxy.example/gemini/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
  });
});

describe("Gemma on the Gemini API", () => {
  it("sends the system prompt as the first user text: Gemma rejects systemInstruction", async () => {
    const { body } = await bodyOf("gemma-3-27b-it", "Hi", { system: "Be brief." });
    expect(body).toEqual({ contents: [{ role: "user", parts: [{ text: "Be brief." }, { text: "Hi" }] }] });
  });
});
