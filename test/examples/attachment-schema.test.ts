/**
 * The attachment and schema examples: the Node ones run as a user runs them
 * (with echo, and against a local mock of the OpenAI API); the browser page's
 * module is bundled for the browser as an app would bundle it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExample } from "../helpers/run-example.ts";

const root = resolve(import.meta.dirname, "../..");
const pelican = resolve(root, "examples/node/pelican.png");

const run = (example: string, env: Record<string, string>, args: string[] = []) => runExample(example, args, env);

let server: Server;
let baseUrl: string;
const bodies: any[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (data: Buffer) => (body += data));
    request.on("end", () => {
      const parsed = JSON.parse(body);
      bodies.push(parsed);
      const content = parsed.response_format
        ? JSON.stringify({ name: "Biscuit", age: 3, bio: "A beagle who paints." })
        : "A pelican floats on blue water.";
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini-2024-07-18", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(`${chunk({ role: "assistant", content })}${chunk({}, "stop")}data: [DONE]\n\n`);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("examples/node/attachment.ts", () => {
  it("without a key: echo lists the image from its path, with its type and id", async () => {
    const { code, stdout, stderr } = await run("examples/node/attachment.ts", {});
    expect(code).toBe(0);
    const id = createHash("sha256").update(readFileSync(pelican)).digest("hex");
    expect(stderr).toContain(`pelican.png: image/png, id ${id}`);
    expect(JSON.parse(stdout).attachments).toEqual([{ type: "image/png", path: pelican, url: null, id }]);
  }, 40_000);

  it("with a key: gpt-4o-mini is sent the image as a data: URI", async () => {
    const { code, stdout } = await run("examples/node/attachment.ts", { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: baseUrl });
    expect(code).toBe(0);
    expect(stdout).toBe("A pelican floats on blue water.\n");
    expect(bodies.at(-1).messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Describe this image in one sentence." },
          { type: "image_url", image_url: { url: `data:image/png;base64,${readFileSync(pelican).toString("base64")}` } },
        ],
      },
    ]);
  }, 40_000);

  it("a missing file is a clear error", async () => {
    const { code, stderr } = await run("examples/node/attachment.ts", {}, ["no-such-file.png"]);
    expect(code).toBe(1);
    expect(stderr).toContain("AttachmentError (attachment_error): Could not read attachment no-such-file.png: ENOENT");
  }, 40_000);
});

describe("examples/node/schema.ts", () => {
  it("without a key: echo's canned JSON, read with response.object()", async () => {
    const { code, stdout } = await run("examples/node/schema.ts", {});
    expect(code).toBe(0);
    expect(stdout).toBe("Sir Wigglesworth, 4 years old: A corgi who herds pigeons.\n");
  }, 40_000);

  it("with a key: the zod schema goes as response_format, the answer is read typed", async () => {
    const { code, stdout } = await run("examples/node/schema.ts", { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: baseUrl });
    expect(code).toBe(0);
    expect(stdout).toBe("Biscuit, 3 years old: A beagle who paints.\n");
    expect(bodies.at(-1).response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "output",
        schema: {
          type: "object",
          properties: {
            name: { type: "string" },
            age: { type: "integer", description: "in years", minimum: expect.any(Number), maximum: expect.any(Number) },
            bio: { type: "string", description: "one sentence" },
          },
          required: ["name", "age", "bio"],
        },
      },
    });
  }, 40_000);
});

describe("examples/browser-attachment", () => {
  it("the page loads main.ts, which bundles for the browser with no Node code", async () => {
    const html = readFileSync(resolve(root, "examples/browser-attachment/index.html"), "utf8");
    expect(html).toContain('<script type="module" src="./main.ts"></script>');
    expect(html).toMatch(/<input id="file" name="file" type="file"/);
    const result = await build({
      entryPoints: [resolve(root, "examples/browser-attachment/main.ts")],
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "browser",
      minify: true,
      conditions: ["llm-anywhere:source", "browser", "module"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain("src/attachment.ts");
    expect(inputs).toContain("src/runtime/runtime.ts");
    expect(inputs.some((input) => input.includes("runtime.node"))).toBe(false);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/node:|\bBuffer\b|\bprocess\.env\b|\brequire\(/);
    // The browser's readFile is the one that explains there is no filesystem.
    expect(code).toContain("attachment paths need a filesystem");
  });
});
