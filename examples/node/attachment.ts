// An image attachment from a file path. With OPENAI_API_KEY set, gpt-4o-mini
// describes it; without, the echo model (no key) shows what it was sent.
//
//   npx tsx --conditions=llm-anywhere:source examples/node/attachment.ts [image-path]
import { fileURLToPath } from "node:url";
import * as llm from "llm-anywhere";

const path = process.argv[2] ?? fileURLToPath(new URL("pelican.png", import.meta.url));
const hasKey = Boolean(process.env.OPENAI_API_KEY);
const model = llm.getModel(hasKey ? "gpt-4o-mini" : "echo");

try {
  const image = llm.attachment({ path });
  // Read and sniffed once; prompt() would do this itself before sending.
  console.error(`${path}: ${await image.resolveType()}, id ${await image.id()}`);
  if (!hasKey) console.error("OPENAI_API_KEY is not set, so this uses the echo model, which answers with what it was sent.\n");
  const response = model.prompt("Describe this image in one sentence.", { attachments: [image] });
  for await (const chunk of response) process.stdout.write(chunk);
  process.stdout.write("\n");
} catch (error) {
  console.error(`${llm.isLlmError(error) ? `${error.name} (${error.code})` : "Error"}: ${(error as Error).message}`);
  process.exitCode = 1;
}
