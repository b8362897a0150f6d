/**
 * examples/node/tool-chain.ts run as a user runs it (tsx, only PATH and HOME
 * inherited), with its file storage in a fresh temporary directory: without a
 * key (echo, the tools really run) and with a key stored the Python llm's way
 * (keys.json) against a local stand-in for the OpenAI API.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockOpenAI, type MockOpenAI } from "../../e2e/helpers/mock-openai.ts";
import { loadFixtureCases } from "../helpers/fixtures.ts";
import { runExample } from "../helpers/run-example.ts";

const example = "examples/node/tool-chain.ts";
const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "llm-anywhere-tool-chain-"));
  dirs.push(dir);
  return dir;
};
/** The JSON files under `<dir>/llm-anywhere/logs/<kind>/`, without `.json`. */
const logged = (dir: string, kind: string) =>
  existsSync(join(dir, "llm-anywhere/logs", kind)) ? readdirSync(join(dir, "llm-anywhere/logs", kind)).map((name) => name.replace(/\.json$/, "")) : [];
const readLog = (dir: string, kind: string, id: string) => JSON.parse(readFileSync(join(dir, "llm-anywhere/logs", kind, `${id}.json`), "utf8"));

let mock: MockOpenAI;

beforeAll(async () => {
  mock = await startMockOpenAI();
  const [short] = loadFixtureCases("openai", "chat-completions").filter((fixture) => fixture.name === "text-stream-usage-gpt-4o-mini");
  mock.replay(short!.body, 0);
});

afterAll(async () => {
  await mock?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("examples/node/tool-chain.ts", () => {
  it("without a key: says it uses echo, runs both tools, streams the rounds and logs them to --dir", async () => {
    const dir = freshDir();
    const { code, stdout, stderr } = await runExample(example, ["--dir", dir]);
    expect(stderr).toContain("No OpenAI key (OPENAI_API_KEY, or `llm keys set openai`), so this uses the echo model");
    expect(code).toBe(0);
    expect(stderr).toContain('[tool] multiply({"a":1231,"b":2331}) -> 2869461');
    expect(stderr).toMatch(/\[tool\] current_time_utc\(\{\}\) -> \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\n/);

    // Two rounds, joined by a space: the prompt with its tool calls, then the tool results sent back.
    const [first, second] = stdout.trim().split(/(?<=\n\}) (?=\{\n)/).map((round) => JSON.parse(round));
    expect(first).toMatchObject({ prompt: "What is 1231 * 2331, and what time is it now in UTC?", system: "Use the tools for arithmetic and for the time." });
    expect(second.tool_results.map((result: { name: string; output: string }) => [result.name, result.output])).toEqual([
      ["multiply", "2869461"],
      ["current_time_utc", expect.stringMatching(/^\d{4}-\d\d-\d\dT/)],
    ]);

    // The log files: two responses, one conversation, one turn file per response.
    const responses = logged(dir, "responses").sort();
    expect(responses).toHaveLength(2);
    const [conversationId] = logged(dir, "conversations");
    expect(stderr).toContain(`[echo: 2 responses logged to ${dir}/llm-anywhere/logs, conversation ${conversationId}]`);
    expect(logged(dir, `turns/${conversationId}`).sort()).toEqual(responses);
    const entries = responses.map((id) => readLog(dir, "responses", id));
    expect(entries.map((entry) => entry.model)).toEqual(["echo", "echo"]);
    expect(entries[0].toolCalls.map((call: { name: string }) => call.name)).toEqual(["multiply", "current_time_utc"]);
    expect(entries[1].toolResults[0]).toMatchObject({ name: "multiply", output: "2869461" });
    expect(entries[1].text).toBe(stdout.trim().slice(stdout.indexOf("} {") + 2));
  }, 60_000);

  it("a key in keys.json (as `llm keys set openai` writes it) selects gpt-4.1-mini and is sent, never logged", async () => {
    const dir = freshDir();
    const key = "sk-tool-chain-stored-key";
    writeFileSync(join(dir, "keys.json"), JSON.stringify({ "// Note": "This file stores secret API credentials. Do not share!", openai: key }, null, 2));
    const before = mock.requests.length;
    const { code, stdout, stderr } = await runExample(example, ["What is 1231 * 2331?"], { LLM_USER_PATH: dir, OPENAI_BASE_URL: mock.baseUrl });
    expect(stderr).not.toContain("echo");
    expect(code).toBe(0);
    expect(stdout).toBe("The result of \\( 1231 \\times 2331 \\) is \\( 2,869,461 \\).\n");
    expect(mock.requests.length).toBe(before + 1);
    const request = mock.requests[before]!;
    expect(request.headers.authorization).toBe(`Bearer ${key}`);
    expect(request.body).toMatchObject({ model: "gpt-4.1-mini", stream: true, messages: [{ role: "system" }, { role: "user", content: "What is 1231 * 2331?" }] });
    expect(request.body.tools.map((tool: { function: { name: string } }) => tool.function.name)).toEqual(["multiply", "current_time_utc"]);

    const [id] = logged(dir, "responses");
    expect(readLog(dir, "responses", id!)).toMatchObject({ model: "gpt-4.1-mini", prompt: "What is 1231 * 2331?", usage: { input: 87, output: 26 } });
    expect(readFileSync(join(dir, "llm-anywhere/logs/responses", `${id}.json`), "utf8")).not.toContain(key);
    expect(stderr).toContain(`[gpt-4.1-mini: 1 response logged to ${dir}/llm-anywhere/logs`);
  }, 60_000);
});
