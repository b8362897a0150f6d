/**
 * Attachments through `model.prompt()`: where they go in the messages, and
 * the Python library's type check, at `prompt()` time when the type is known
 * at once, else when the response starts, before anything is sent.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";
import * as sample from "./helpers/sample-files.ts";
import { scriptedAdapter, textParts } from "./helpers/scripted-adapter.ts";

let dir: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "llm-anywhere-check-"));
  server = createServer((request, response) => {
    response.writeHead(200, { "content-type": request.url === "/doc" ? "application/pdf" : "image/png" });
    response.end();
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((done) => server.close(() => done()));
});

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage(), fetch: undefined });
});

function modelTaking(types: string[]) {
  const { adapter, calls } = scriptedAdapter({ parts: textParts("ok") }, { keyName: undefined, keyEnvVar: undefined, attachmentTypes: new Set(types) });
  return { model: new llm.Model(adapter), calls };
}

const images = ["image/png", "image/jpeg", "image/gif"];

describe("attachments in prompt()", () => {
  it("go in the user message after the text part, in order", async () => {
    const { model, calls } = modelTaking(images);
    const png = llm.attachment({ content: sample.png() });
    const gif = llm.attachment({ url: "https://example.com/a.gif" });
    const response = model.prompt("Describe these", { system: "Be brief", attachments: [png, gif] });
    expect(response.attachments).toEqual([png, gif]);
    await response.text();
    expect(calls[0]!.messages).toEqual([
      { role: "system", parts: [{ type: "text", text: "Be brief" }] },
      {
        role: "user",
        parts: [
          { type: "text", text: "Describe these" },
          { type: "attachment", attachment: png },
          { type: "attachment", attachment: gif },
        ],
      },
    ]);
  });

  it("without prompt text, the user message has only the attachments", async () => {
    const { model, calls } = modelTaking(images);
    const png = llm.attachment({ content: sample.png() });
    await model.prompt(undefined, { attachments: [png] }).text();
    expect(calls[0]!.messages).toEqual([{ role: "user", parts: [{ type: "attachment", attachment: png }] }]);
  });

  it("a type the model does not take throws at prompt() time, with the Python wording (types sorted)", () => {
    const { model, calls } = modelTaking(images);
    const attempt = (attachment: llm.Attachment) => () => model.prompt("hi", { attachments: [attachment] });
    const message = "This model does not support attachments of type 'application/pdf', only image/gif, image/jpeg, image/png";
    expect(attempt(llm.attachment({ content: sample.pdf() }))).toThrow(new llm.AttachmentError(message));
    expect(attempt(llm.attachment({ content: sample.pdf().buffer as ArrayBuffer }))).toThrow(message);
    expect(attempt(llm.attachment({ content: new Blob([sample.png()], { type: "application/pdf" }) }))).toThrow(message);
    expect(attempt(llm.attachment({ url: "https://example.com/paper.pdf" }))).toThrow(message);
    expect(attempt(llm.attachment({ content: sample.png(), type: "application/pdf" }))).toThrow(message);
    expect(attempt(llm.attachment({ content: sample.wav() }))).toThrow("of type 'audio/wav', only");
    expect(calls).toHaveLength(0);
  });

  it("a model that takes no attachments says so at prompt() time, whatever the type", () => {
    const { model } = modelTaking([]);
    const message = "This model does not support attachments";
    expect(() => model.prompt("hi", { attachments: [llm.attachment({ content: sample.png() })] })).toThrow(new llm.AttachmentError(message));
    expect(() => model.prompt("hi", { attachments: [llm.attachment({ path: "not-read.png" })] })).toThrow(message);
    expect(() => model.prompt("hi", { attachments: [llm.attachment({ url: `${origin}/anything` })] })).toThrow(message);
    expect(() => model.prompt("hi", { attachments: [] })).not.toThrow();
  });

  it("a type known only by reading or asking is checked when the response starts: it fails before anything is sent", async () => {
    const { model, calls } = modelTaking(images);
    const pdfPath = join(dir, "paper");
    writeFileSync(pdfPath, sample.pdf());
    const cases = [
      llm.attachment({ content: new Blob([sample.pdf()]) }),
      llm.attachment({ path: pdfPath }),
      llm.attachment({ url: `${origin}/doc` }),
    ];
    for (const attachment of cases) {
      const response = model.prompt("hi", { attachments: [attachment] }); // does not throw
      const error = await response.text().catch((e: unknown) => e);
      expect(llm.AttachmentError.is(error), String(attachment)).toBe(true);
      expect((error as Error).message).toBe("This model does not support attachments of type 'application/pdf', only image/gif, image/jpeg, image/png");
    }
    expect(calls).toHaveLength(0);
  });

  it("a type that cannot be found fails the response before anything is sent", async () => {
    const { model, calls } = modelTaking(images);
    const response = model.prompt("hi", { attachments: [llm.attachment({ content: new Blob(["plain words"]) })] });
    await expect(response.text()).rejects.toThrow(/Attachment has no type and no content to derive it from/);
    expect(calls).toHaveLength(0);
  });

  it("types resolved when the response starts reach the provider resolved (a HEAD request, a sniffed file)", async () => {
    const { model, calls } = modelTaking(images);
    const pngPath = join(dir, "picture");
    writeFileSync(pngPath, sample.png());
    const fromUrl = llm.attachment({ url: `${origin}/picture` });
    const fromPath = llm.attachment({ path: pngPath });
    const fromBlob = llm.attachment({ content: new Blob([sample.gif()]) });
    expect(await model.prompt("hi", { attachments: [fromUrl, fromPath, fromBlob] }).text()).toBe("ok");
    const parts = calls[0]!.messages.at(-1)!.parts;
    expect(parts.map((part) => (part.type === "attachment" ? part.attachment.type : part.type))).toEqual([
      "text",
      "image/png",
      "image/png",
      "image/gif",
    ]);
  });

  it("attachments in earlier messages get their types resolved too", async () => {
    const { model, calls } = modelTaking(images);
    const earlier = llm.attachment({ content: new Blob([sample.jpeg()]) });
    const messages: llm.Message[] = [
      { role: "user", parts: [{ type: "text", text: "look" }, { type: "attachment", attachment: earlier }] },
      { role: "assistant", parts: [{ type: "text", text: "a pelican" }] },
    ];
    await model.prompt("and now?", { messages }).text();
    expect(calls).toHaveLength(1);
    expect(earlier.type).toBe("image/jpeg");
  });
});
