/** examples/mcp/chain.ts, run as a user runs it (tsx, echo model), against server-everything on 127.0.0.1. */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEverything, type StartedServer } from "./helpers/start-everything.ts";

const root = resolve(import.meta.dirname, "../..");
let everything: StartedServer;

beforeAll(async () => {
  everything = await startEverything();
}, 30_000);

afterAll(async () => {
  await everything?.stop();
});

it("runs examples/mcp/chain.ts: the model is told the sum, the operation's result, and gets the image", async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, MCP_URL: everything.url };
  delete env.OPENAI_API_KEY;
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((done, fail) =>
    execFile(process.execPath, ["--import", "tsx", "--conditions=llm-anywhere:source", "examples/mcp/chain.ts"], { cwd: root, env, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? fail(new Error(`${error.message}\n${stderr}`)) : done({ stdout, stderr }),
    ),
  );
  expect(stderr).toContain("everything_get-sum({\"a\":1231,\"b\":2331}) -> The sum of 1231 and 2331 is 3562.");
  expect(stderr).toContain("everything_trigger-long-running-operation: 2/2");
  expect(stderr).toContain("everything_get-tiny-image({}) -> Here's the image you requested:\nThe image above is the MCP logo. + 1 attachment(s)");
  const told = JSON.parse(stdout.slice(stdout.lastIndexOf('{\n  "prompt": ""'))) as { tool_results: Array<{ output: string }>; attachments: Array<{ type: string }> };
  expect(told.tool_results.map((result) => result.output)).toEqual([
    "The sum of 1231 and 2331 is 3562.",
    "Long running operation completed. Duration: 1 seconds, Steps: 2.",
    "Here's the image you requested:\nThe image above is the MCP logo.",
  ]);
  expect(told.attachments.map((attachment) => attachment.type)).toEqual(["image/png"]);
}, 70_000);
