// A schema prompt: the answer as a typed object. With OPENAI_API_KEY set it
// asks gpt-4o-mini; without, the echo model answers with the JSON the prompt
// gives it as `raw`, so this runs without a key.
//
//   npx tsx --conditions=llm-anywhere:source examples/node/schema.ts
import * as llm from "llm-anywhere";
import * as z from "zod";

const Dog = z.object({
  name: z.string(),
  age: z.number().int().describe("in years"),
  bio: z.string().describe("one sentence"),
});

const hasKey = Boolean(process.env.OPENAI_API_KEY);
const model = llm.getModel(hasKey ? "gpt-4o-mini" : "echo");
const prompt = hasKey
  ? "Invent a nice dog with a surprising name"
  : JSON.stringify({ raw: JSON.stringify({ name: "Sir Wigglesworth", age: 4, bio: "A corgi who herds pigeons." }) });
if (!hasKey) console.error("OPENAI_API_KEY is not set, so this uses the echo model with a canned answer.\n");

try {
  const dog = await model.prompt(prompt, { schema: Dog }).object(); // typed: { name: string; age: number; bio: string }
  console.log(`${dog.name}, ${dog.age} years old: ${dog.bio}`);
  // The Python library's schema DSL gives a JSON Schema for the same prompt:
  console.error(JSON.stringify(llm.schemaDsl("name, age int: in years, bio: one sentence")));
} catch (error) {
  console.error(`${llm.isLlmError(error) ? `${error.name} (${error.code})` : "Error"}: ${(error as Error).message}`);
  process.exitCode = 1;
}
