import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExample } from "../helpers/run-example.ts";

const root = resolve(import.meta.dirname, "../..");
const fixtures = resolve(root, "../shared/fixtures/openai/chat-completions");

/** Runs `npm start`'s command with the given environment (nothing inherited but PATH and HOME). */
const runQuickstart = (env: Record<string, string>) => runExample("examples/node/quickstart.ts", ["Name a pelican"], env);

let server: Server;
let baseUrl: string;
const requests: Array<{ url?: string; authorization?: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  const sse = readFileSync(resolve(fixtures, "text-stream-usage-gpt-4o-mini.sse"));
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (data: Buffer) => (body += data));
    request.on("end", () => {
      requests.push({ url: request.url, authorization: request.headers.authorization, body: JSON.parse(body) });
      response.writeHead(200, { "content-type": "text/event-stream" });
      // Token by token: one write per 97 bytes, so the client sees many reads.
      let offset = 0;
      const write = () => {
        if (offset >= sse.length) return void response.end();
        response.write(sse.subarray(offset, (offset += 97)));
        setImmediate(write);
      };
      write();
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("npm start (examples/node/quickstart.ts)", () => {
  it("uses echo without a key, and says so", async () => {
    const { code, stdout, stderr } = await runQuickstart({});
    expect(code).toBe(0);
    expect(stderr).toContain("OPENAI_API_KEY is not set, so this uses the echo model");
    expect(JSON.parse(stdout)).toMatchObject({ prompt: "Name a pelican", system: "Answer in a few short lines.", stream: true });
  }, 40_000);

  it("streams gpt-4o-mini's answer when OPENAI_API_KEY is set", async () => {
    const { code, stdout, stderr } = await runQuickstart({ OPENAI_API_KEY: "sk-test-quickstart", OPENAI_BASE_URL: baseUrl });
    expect(stderr).not.toContain("echo");
    expect(code).toBe(0);
    expect(stdout).toBe("The result of \\( 1231 \\times 2331 \\) is \\( 2,869,461 \\).");
    expect(stderr).toMatch(/\[gpt-4o-mini, 87 tokens in, 26 out, \d+ ms\]/);
    expect(requests.at(-1)).toMatchObject({
      url: "/v1/chat/completions",
      authorization: "Bearer sk-test-quickstart",
      body: { model: "gpt-4o-mini", stream: true, messages: [{ role: "system" }, { role: "user", content: "Name a pelican" }] },
    });
  }, 40_000);

  it("reports a bad key's API error without showing the key", async () => {
    const { code, stderr } = await runQuickstart({ OPENAI_API_KEY: "sk-test-quickstart", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/NetworkError \(network_error\)/);
    expect(stderr).not.toContain("sk-test-quickstart");
  }, 40_000);
});
