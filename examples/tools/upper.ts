// The seed's first tools example: a tool, its calls, their results, and a chain.
import * as llm from "llm-anywhere";
import * as z from "zod";
import { ask, model } from "./pick-model.ts";

const upper = llm.tool({
  name: "upper",
  description: "Convert text to uppercase.",
  parameters: z.object({ text: z.string() }),
  execute: ({ text }) => text.toUpperCase(),
});

const prompt = ask("Convert panda to upper", [{ name: "upper", arguments: { text: "panda" } }]);

const response = model.prompt(prompt, { tools: [upper] });
const toolCalls = await response.toolCalls();
console.log("tool calls:", JSON.stringify(toolCalls.map(({ name, arguments: args }) => ({ name, arguments: args }))));
const toolResults = await response.executeToolCalls();
console.log("tool results:", JSON.stringify(toolResults.map(({ name, output }) => ({ name, output }))));

// The chain sends the results back until the model asks for no more tools, streaming every round.
for await (const chunk of model.chain(prompt, { tools: [upper] })) process.stdout.write(chunk);
console.log();
