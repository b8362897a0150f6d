import { describe, expect, it } from "vitest";
import { runExample } from "../helpers/run-example.ts";

/** echo's answers, one JSON object per round, as the chain streamed them (rounds joined by a space). */
function rounds(text: string): any[] {
  return text
    .trim()
    .split(/\n\} \{\n/)
    .map((part, index, all) => JSON.parse(`${index ? "{\n" : ""}${part}${index < all.length - 1 ? "\n}" : ""}`));
}

describe("the seed's tool examples, against echo", () => {
  it("upper: tool calls, their results, and a chain", async () => {
    const { code, stdout, stderr } = await runExample("examples/tools/upper.ts");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [calls, results, ...chain] = stdout.split("\n");
    expect(calls).toBe('tool calls: [{"name":"upper","arguments":{"text":"panda"}}]');
    expect(results).toBe('tool results: [{"name":"upper","output":"PANDA"}]');
    const [first, second] = rounds(chain.join("\n"));
    expect(first.prompt).toBe("Convert panda to upper");
    expect(second.tool_results).toEqual([{ name: "upper", output: "PANDA", tool_call_id: expect.stringMatching(/^tc_/) }]);
  }, 40_000);

  it("hooks: logged before and after, badger cancelled, panda converted", async () => {
    const { code, stdout } = await runExample("examples/tools/hooks.ts");
    expect(code).toBe(0);
    expect(stdout).toContain('About to call tool upper with arguments {"text":"panda"}');
    expect(stdout).toContain('About to call tool upper with arguments {"text":"badger"}');
    expect(stdout).toContain('Tool upper called with arguments {"text":"panda"} returned PANDA');
    expect(stdout).not.toContain("returned BADGER");
    const json = stdout.slice(stdout.indexOf("{\n"));
    expect(rounds(json)[1].tool_results.map((result: { output: string }) => result.output)).toEqual([
      "PANDA",
      "Cancelled: Not allowed to call upper on text containing 'bad'",
    ]);
  }, 40_000);

  it("memory: the toolbox keeps its state across the conversation", async () => {
    const { code, stdout } = await runExample("examples/tools/memory.ts");
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toEqual([
      '[Memory_set({"key":"name","value":"Simon"}) -> null]',
      'memory: {"name":"Simon"}',
      '[Memory_set({"key":"name","value":"Penguin"}) -> null]',
      'memory: {"name":"Penguin"}',
      '[Memory_get({"key":"name"}) -> Penguin]',
    ]);
  }, 40_000);

  it("conversation: tools given once serve every turn, and the history grows", async () => {
    const { code, stdout } = await runExample("examples/tools/conversation.ts");
    expect(code).toBe(0);
    expect(stdout).toContain('"output": "ADNAP"');
    expect(stdout).toContain('"output": "NILOGNAP"');
    expect(stdout.trim().endsWith("4 responses in the conversation")).toBe(true);
    // The second turn's first round sees both earlier rounds as previous.
    expect(stdout).toMatch(/"prompt": "Same with pangolin"[\s\S]*"previous": \[\s*\{\s*"prompt": "\{\\"prompt\\":\\"Convert panda/);
  }, 40_000);
});
