// llm-anywhere under Bun: prompt a model and stream its answer, then run a tool chain.
// With OPENAI_API_KEY set it prompts gpt-4o-mini; without it, the echo model, which needs
// no key and answers with what it was asked. The SDK reads the key from process.env
// (Bun.env is the same object; Bun also loads .env files into it).
//
//   npx bun --conditions=llm-anywhere:source examples/bun/main.ts ["Your prompt"]
import * as llm from "llm-anywhere";

const prompt = Bun.argv[2] ?? "Five surprising names for a pet pelican";
const hasKey = Boolean(Bun.env.OPENAI_API_KEY);
const model = llm.getModel(hasKey ? "gpt-4o-mini" : "echo");

if (!hasKey) {
  console.error(
    "OPENAI_API_KEY is not set, so this uses the echo model, which answers with what it was asked.\n" +
      "Set OPENAI_API_KEY to prompt gpt-4o-mini instead.\n",
  );
}

// A tool takes a zod schema or, as here, a plain JSON Schema (no other dependency).
const upper = llm.tool({
  name: "upper",
  description: "Convert text to uppercase.",
  parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  execute: ({ text }) => String(text).toUpperCase(), // arguments from a JSON Schema are untyped (a zod schema types them)
});

try {
  // 1. Stream the answer chunk by chunk.
  const response = model.prompt(prompt, { system: "Answer in a few short lines." });
  for await (const chunk of response) process.stdout.write(chunk);
  const usage = await response.usage();
  process.stdout.write("\n\n");
  console.error(`[${model.modelId}${usage.input === undefined ? "" : `, ${usage.input} tokens in, ${usage.output} out`}]\n`);

  // 2. A tool chain: the model asks for `upper`, the chain runs it and sends the result back.
  //    echo cannot decide to call a tool, so for echo the prompt spells out the call to make.
  const question = "Convert panda to upper";
  const chainPrompt = hasKey ? question : JSON.stringify({ prompt: question, tool_calls: [{ name: "upper", arguments: { text: "panda" } }] });
  const chain = model.chain(chainPrompt, {
    tools: [upper],
    afterCall: (tool, call, result) => {
      process.stdout.write(`\n[tool] ${tool.name}(${JSON.stringify(call.arguments)}) -> ${result.output}\n`);
    },
  });
  for await (const chunk of chain) process.stdout.write(chunk);
  process.stdout.write("\n");
} catch (error) {
  console.error(`\n${llm.isLlmError(error) ? `${error.name} (${error.code})` : "Error"}: ${(error as Error).message}`);
  process.exitCode = 1;
}
