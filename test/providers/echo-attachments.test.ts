import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import * as sample from "../helpers/sample-files.ts";

const dir = mkdtempSync(join(tmpdir(), "llm-anywhere-echo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage(), fetch: () => Promise.reject(new Error("echo must not fetch")) });
});

describe("echo lists attachments as llm-echo does: { type, path, url, id }", () => {
  it("a URL attachment: its id is of the URL, and nothing is downloaded", async () => {
    const info = JSON.parse(await llm.getModel("echo").prompt("look", { attachments: [llm.attachment({ url: "http://x/y.png" })] }).text());
    expect(info.attachments).toEqual([
      { type: "image/png", path: null, url: "http://x/y.png", id: "2a1bfc80ba379ca2746771a10e45f05564a1b2ae8cddf16cc1a8d331340b6b59" },
    ]);
  });

  it("a path and in-memory content: the id is the sha256 of the bytes", async () => {
    const path = join(dir, "pelican.jpg");
    writeFileSync(path, sample.jpeg());
    const gif = sample.gif();
    const text = await llm
      .getModel("echo")
      .prompt("look", { attachments: [llm.attachment({ path }), llm.attachment({ content: new Blob([gif]) })] })
      .text();
    const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    expect(JSON.parse(text).attachments).toEqual([
      { type: "image/jpeg", path, url: null, id: sha256(sample.jpeg()) },
      { type: "image/gif", path: null, url: null, id: sha256(gif) },
    ]);
    expect(text).toContain('"attachments": [\n    {\n      "type": "image/jpeg",\n      "path": ');
  });

  it("rejects what llm-echo does not take (png, jpeg and gif only)", () => {
    expect(() => llm.getModel("echo").prompt("x", { attachments: [llm.attachment({ content: sample.webp() })] })).toThrow(
      "This model does not support attachments of type 'image/webp', only image/gif, image/jpeg, image/png",
    );
  });
});
