// A chain that uses the tools of an MCP server: the reference server "everything".
// Start it first:   PORT=3001 npx mcp-server-everything streamableHttp
// then run:         npx tsx --conditions=llm-anywhere:source examples/mcp/chain.ts
// With OPENAI_API_KEY set, gpt-4.1-mini decides which tools to call; without it, `echo`
// is asked (in its JSON form) for the calls a real model would make.
import * as llm from "llm-anywhere";
import { mcp } from "llm-anywhere/mcp";

const url = process.env.MCP_URL ?? "http://127.0.0.1:3001/mcp";
const usingEcho = !process.env.OPENAI_API_KEY;
const model = llm.getModel(usingEcho ? "echo" : "gpt-4.1-mini");

const everything = mcp({
  url,
  name: "everything", // tools become everything_echo, everything_get-sum, ...
  onProgress: ({ tool, progress, total }) => console.error(`${tool}: ${progress}/${total ?? "?"}`),
});

const question = "What is 1231 + 2331? Then run a short long-running operation (1 second, 2 steps) and show me the tiny image.";
const prompt = usingEcho
  ? JSON.stringify({
      prompt: question,
      tool_calls: [
        { name: "everything_get-sum", arguments: { a: 1231, b: 2331 } },
        { name: "everything_trigger-long-running-operation", arguments: { duration: 1, steps: 2 } },
        { name: "everything_get-tiny-image", arguments: {} },
      ],
    })
  : question;

try {
  const chain = model.chain(prompt, {
    tools: [everything],
    chainLimit: 5,
    afterCall: (tool, call, result) => console.error(`${tool.name}(${JSON.stringify(call.arguments)}) -> ${result.output}${result.attachments.length ? ` + ${result.attachments.length} attachment(s)` : ""}`),
  });
  for await (const chunk of chain) process.stdout.write(chunk);
  process.stdout.write("\n");
} finally {
  await everything.close(); // ends the MCP session (DELETE)
}
