// The quick start: prompt a model and stream its answer to the terminal.
// With OPENAI_API_KEY set it prompts gpt-4o-mini; without it, the echo model,
// which needs no key and answers with what it was asked.
//
//   npm start                      # or: npm start -- "Your own prompt"
import * as llm from "llm-anywhere";

const prompt = process.argv[2] ?? "Five surprising names for a pet pelican";
const hasKey = Boolean(process.env.OPENAI_API_KEY);
const model = llm.getModel(hasKey ? "gpt-4o-mini" : "echo");

if (!hasKey) {
  console.error(
    "OPENAI_API_KEY is not set, so this uses the echo model, which answers with what it was asked.\n" +
      "Set OPENAI_API_KEY to prompt gpt-4o-mini instead.\n",
  );
}

try {
  const response = model.prompt(prompt, { system: "Answer in a few short lines." });
  for await (const chunk of response) process.stdout.write(chunk);
  const usage = await response.usage();
  console.error(
    `\n\n[${model.modelId}${usage.input === undefined ? "" : `, ${usage.input} tokens in, ${usage.output} out`}, ${await response.durationMs()} ms]`,
  );
} catch (error) {
  console.error(`\n${llm.isLlmError(error) ? `${error.name} (${error.code})` : "Error"}: ${(error as Error).message}`);
  process.exitCode = 1;
}
