/**
 * Attachments from `llm.attachment()` on the chat-completions wire, through
 * `model.prompt()`, each body also validated against OpenAI's OpenAPI schema.
 */
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../../src/index.ts";
import { createOpenAIChatModel } from "../../../src/providers/openai/index.ts";
import { chatRequestErrors } from "../../helpers/openai-spec.ts";
import * as sample from "../../helpers/sample-files.ts";

const completion = JSON.stringify({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-2024-08-06",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** Answers chat completions with `completion`, and attachment URLs from `files`; records everything. */
function openAIServer(files: Record<string, sample.Bytes> = {}) {
  const requests: Array<{ method: string; url: string; body: any }> = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const url = String(input);
    const method = init.method ?? "GET";
    requests.push({ method, url, body: typeof init.body === "string" ? JSON.parse(init.body) : undefined });
    if (url.endsWith("/chat/completions")) return new Response(completion, { headers: { "content-type": "application/json" } });
    const file = files[url];
    return file ? new Response(file) : new Response("not found", { status: 404 });
  };
  return { fetch, requests, chat: () => requests.filter((request) => request.url.endsWith("/chat/completions")) };
}

/** gpt-4o with both vision and audio input, as a registered model would be. */
const model = () =>
  new llm.Model(
    createOpenAIChatModel({
      modelId: "gpt-4o",
      supportsSchema: true,
      attachmentTypes: ["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf", "audio/wav", "audio/mpeg"],
    }),
  );

beforeEach(async () => {
  await llm.configure({ env: { OPENAI_API_KEY: "sk-test" }, storage: llm.createMemoryStorage() });
});

async function userContent(attachments: llm.Attachment[], files?: Record<string, sample.Bytes>) {
  const server = openAIServer(files);
  await llm.configure({ fetch: server.fetch });
  expect(await model().prompt("What is this?", { attachments, stream: false }).text()).toBe("ok");
  const [request] = server.chat();
  expect(chatRequestErrors(request!.body)).toEqual([]);
  const [message] = request!.body.messages;
  expect(message.role).toBe("user");
  expect(message.content[0]).toEqual({ type: "text", text: "What is this?" });
  return { content: message.content.slice(1), requests: server.requests };
}

describe("OpenAI chat: attachments on the wire", () => {
  it("an image URL is sent as is, never downloaded", async () => {
    const { content, requests } = await userContent([llm.attachment({ url: "https://example.com/pelicans.jpg" })]);
    expect(content).toEqual([{ type: "image_url", image_url: { url: "https://example.com/pelicans.jpg" } }]);
    expect(requests.map((request) => request.method)).toEqual(["POST"]);
  });

  it("image bytes become a data: URI with the sniffed type", async () => {
    const png = sample.png();
    const { content } = await userContent([llm.attachment({ content: png }), llm.attachment({ content: new Blob([sample.jpeg()]) })]);
    expect(content).toEqual([
      { type: "image_url", image_url: { url: `data:image/png;base64,${b64(png)}` } },
      { type: "image_url", image_url: { url: `data:image/jpeg;base64,${b64(sample.jpeg())}` } },
    ]);
  });

  it("WAV and MP3 become input_audio (a URL downloaded with the configured fetch)", async () => {
    const wav = sample.wav();
    const mp3 = sample.mp3WithId3();
    const { content, requests } = await userContent(
      [llm.attachment({ url: "https://example.com/voice.wav" }), llm.attachment({ content: new Blob([mp3], { type: "audio/mpeg" }) })],
      { "https://example.com/voice.wav": wav },
    );
    expect(content).toEqual([
      { type: "input_audio", input_audio: { data: b64(wav), format: "wav" } },
      { type: "input_audio", input_audio: { data: b64(mp3), format: "mp3" } },
    ]);
    expect(requests[0]).toMatchObject({ method: "GET", url: "https://example.com/voice.wav" });
  });

  it("a PDF becomes a file named by its id, with a data: URI", async () => {
    const pdf = sample.pdf();
    const { content } = await userContent([llm.attachment({ content: pdf })]);
    const id = createHash("sha256").update(pdf).digest("hex");
    expect(content).toEqual([{ type: "file", file: { filename: `${id}.pdf`, file_data: `data:application/pdf;base64,${b64(pdf)}` } }]);
  });

  it("registered OpenAI models reject what they do not take, at prompt() time", () => {
    expect(() => llm.getModel("gpt-4o-mini").prompt("x", { attachments: [llm.attachment({ content: sample.wav() })] })).toThrow(
      "This model does not support attachments of type 'audio/wav', only application/pdf, image/gif, image/jpeg, image/png, image/webp",
    );
    expect(() => llm.getModel("gpt-3.5-turbo").prompt("x", { attachments: [llm.attachment({ content: sample.png() })] })).toThrow(
      new llm.AttachmentError("This model does not support attachments"),
    );
  });
});
