// llm-anywhere under Deno: prompt a model and stream its answer, then run a tool chain.
// With OPENAI_API_KEY set it prompts gpt-4o-mini; without it, the echo model, which needs
// no key and answers with what it was asked. The SDK reads the key from Deno.env.
//
//   npx deno run --allow-env --allow-net=api.openai.com --conditions=llm-anywhere:source examples/deno/main.ts ["Your prompt"]
//
// (In your own project: `import * as llm from "npm:llm-anywhere";`, no --conditions.)
import * as llm from "llm-anywhere";

const prompt = Deno.args[0] ?? "Five surprising names for a pet pelican";
const hasKey = Boolean(Deno.env.get("OPENAI_API_KEY"));
const model = llm.getModel(hasKey ? "gpt-4o-mini" : "echo");

if (!hasKey) {
  console.error(
    "OPENAI_API_KEY is not set, so this uses the echo model, which answers with what it was asked.\n" +
      "Set OPENAI_API_KEY to prompt gpt-4o-mini instead.\n",
  );
}

const encoder = new TextEncoder();
async function write(text: string): Promise<void> {
  const bytes = encoder.encode(text);
  for (let written = 0; written < bytes.length; ) written += await Deno.stdout.write(bytes.subarray(written));
}

// A tool takes a zod schema or, as here, a plain JSON Schema (no other dependency).
const upper = llm.tool({
  name: "upper",
  description: "Convert text to uppercase.",
  parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  execute: ({ text }) => String(text).toUpperCase(), // arguments from a JSON Schema are untyped (a zod schema types them)
});

try {
  // 1. Stream the answer: textStream is a web ReadableStream, so it pipes straight to stdout.
  const response = model.prompt(prompt, { system: "Answer in a few short lines." });
  await response.textStream.pipeThrough(new TextEncoderStream()).pipeTo(Deno.stdout.writable, { preventClose: true });
  const usage = await response.usage();
  await write("\n\n");
  console.error(`[${model.modelId}${usage.input === undefined ? "" : `, ${usage.input} tokens in, ${usage.output} out`}]\n`);

  // 2. A tool chain: the model asks for `upper`, the chain runs it and sends the result back.
  //    echo cannot decide to call a tool, so for echo the prompt spells out the call to make.
  const question = "Convert panda to upper";
  const chainPrompt = hasKey ? question : JSON.stringify({ prompt: question, tool_calls: [{ name: "upper", arguments: { text: "panda" } }] });
  const chain = model.chain(chainPrompt, {
    tools: [upper],
    afterCall: (tool, call, result) => write(`\n[tool] ${tool.name}(${JSON.stringify(call.arguments)}) -> ${result.output}\n`),
  });
  for await (const chunk of chain) await write(chunk);
  await write("\n");
} catch (error) {
  console.error(`\n${llm.isLlmError(error) ? `${error.name} (${error.code})` : "Error"}: ${(error as Error).message}`);
  Deno.exitCode = 1;
}
