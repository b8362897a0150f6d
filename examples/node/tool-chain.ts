// A tool chain in Node, logged to files: the model calls a calculator and a clock, the
// chain runs them and sends the results back, and the answer streams to stdout. Every
// response is logged (`log: true`) to file storage shared with the Python llm.
//
//   npx tsx --conditions=llm-anywhere:source examples/node/tool-chain.ts ["Your prompt"] [--dir DIR]
//
// Storage: `--dir DIR`, else LLM_USER_PATH, else the Python llm's user directory
// (~/.config/io.datasette.llm on Linux), so a key saved with `llm keys set openai` is used.
// Logs go to `<dir>/llm-anywhere/logs/`, beside (never inside) the Python llm's logs.db.
// With no key (stored or OPENAI_API_KEY) it uses the echo model and says so on stderr.
import { parseArgs } from "node:util";
import * as llm from "llm-anywhere";
import { createFsStorage, userDir } from "llm-anywhere/storage/fs";
import * as z from "zod";

const { values, positionals } = parseArgs({ options: { dir: { type: "string" } }, allowPositionals: true });
const dir = values.dir ?? userDir();
const question = positionals[0] ?? "What is 1231 * 2331, and what time is it now in UTC?";

const multiply = llm.tool({
  name: "multiply",
  description: "Multiply two numbers exactly.",
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a * b,
});

const clock = llm.tool({
  name: "current_time_utc",
  description: "The current date and time in UTC, as ISO 8601.",
  parameters: z.object({}),
  execute: () => new Date().toISOString(),
});

try {
  await llm.configure({ storage: createFsStorage({ dir }), log: true });
  const hasKey = Boolean((await llm.getKey("openai")) ?? process.env.OPENAI_API_KEY);
  const model = llm.getModel(hasKey ? "gpt-4.1-mini" : "echo");
  if (!hasKey) {
    console.error(
      "No OpenAI key (OPENAI_API_KEY, or `llm keys set openai`), so this uses the echo model, which answers with what it was asked.\n" +
        "echo cannot choose tools, so the prompt spells out the calls a real model would make.\n",
    );
  }
  // echo's JSON prompt form: the question plus the tool calls to answer with.
  const prompt = hasKey
    ? question
    : JSON.stringify({ prompt: question, tool_calls: [{ name: "multiply", arguments: { a: 1231, b: 2331 } }, { name: "current_time_utc", arguments: {} }] });

  const chain = model.chain(prompt, {
    tools: [multiply, clock],
    system: "Use the tools for arithmetic and for the time.",
    // Tool calls go to stderr, so stdout is the model's answer alone.
    afterCall: (tool, call, result) => console.error(`[tool] ${tool.name}(${JSON.stringify(call.arguments)}) -> ${result.output}`),
  });
  for await (const chunk of chain) process.stdout.write(chunk);
  process.stdout.write("\n");

  // Every response of the chain was logged before it finished; read them back.
  const logged = await llm.logs.list({ limit: 10 });
  const conversationId = logged[0]?.conversationId;
  const rounds = logged.filter((entry) => entry.conversationId === conversationId).length;
  console.error(`\n[${model.modelId}: ${rounds} response${rounds === 1 ? "" : "s"} logged to ${dir}/llm-anywhere/logs, conversation ${conversationId}]`);
} catch (error) {
  console.error(`\n${llm.isLlmError(error) ? `${error.name} (${error.code})` : "Error"}: ${(error as Error).message}`);
  process.exitCode = 1;
}
