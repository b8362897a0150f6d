/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance)
 * against e2e/mcp/conformance-client.ts, a client command built on
 * `llm-anywhere/mcp`. The suite needs Node 22: it runs under the npm package
 * `node@22` (through npx), and the test is skipped, saying why, only when
 * that package cannot be fetched.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const node22 = "node@22.23.3";
const client = "node --import tsx --conditions=llm-anywhere:source e2e/mcp/conformance-client.ts";
const scenarios = ["initialize", "tools_call", "sse-retry"];

interface Run {
  code: number | null;
  output: string;
}

function run(args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((done) => {
    execFile("npx", ["-y", "-p", node22, ...args], { cwd: root, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, output: `${stdout}\n${stderr}` });
    });
  });
}

let unavailable: string | undefined;

beforeAll(async () => {
  const probe = await run(["node", "--version"], 90_000);
  if (probe.code !== 0 || !/^v22\./m.test(probe.output.trim())) {
    unavailable = `npx could not fetch ${node22} (exit ${probe.code}): ${probe.output.trim().slice(0, 500)}`;
    console.warn(`Skipping the MCP conformance scenarios: ${unavailable}`);
  }
}, 120_000);

describe("MCP conformance suite 0.1.16, client scenarios", () => {
  for (const scenario of scenarios) {
    it(scenario, async (context) => {
      if (unavailable) return context.skip(unavailable);
      const result = await run(["node", "node_modules/.bin/conformance", "client", "--command", client, "--scenario", scenario, "--timeout", "60000"], 170_000);
      const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(result.output);
      expect(summary, result.output).not.toBeNull();
      expect(summary![3], result.output).toBe("0");
      expect(result.output, result.output).toContain("OVERALL: PASSED");
      expect(result.code, result.output).toBe(0);
    }, 180_000);
  }
});
