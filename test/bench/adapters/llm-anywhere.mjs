// llm-anywhere adapter for the shared stream benchmark (/work/shared/bench/stream,
// copied to .bench/stream by scripts/bench-peers.sh). Run with
// `node bench.mjs --adapter-dir <repo>/test/bench/adapters --adapters raw-split,llm-anywhere,...`.
//
// `llm-anywhere` resolves to the repository's built dist/index.js from here through
// the package's self-reference (this file lives inside the package); the harness's
// cold-import child resolves the same name through the symlink
// .bench/stream/node_modules/llm-anywhere -> <repo> that scripts/bench-peers.sh creates.
// Build first: `npm run build`.
import * as llm from "llm-anywhere";

export const meta = {
  provider: "openai",
  packages: ["llm-anywhere"],
  description: "llm-anywhere: getModel().prompt(), for await over text chunks",
};

// baseURL is the mock's origin plus a knob prefix, without /v1.
export async function run({ baseURL, tools, onFirst }) {
  await llm.configure({ env: { OPENAI_BASE_URL: `${baseURL}/v1` } });
  const response = llm.getModel("gpt-4o-mini").prompt("Write a long answer.", { key: "sk-mock" });
  let text = "";
  for await (const chunk of response) {
    if (text === "") onFirst();
    text += chunk;
  }
  let toolArgs;
  if (tools) {
    // toolCalls() yields parsed arguments; the mock sends JSON.stringify(object)
    // split into fragments, so re-encoding reproduces the sent bytes exactly.
    toolArgs = (await response.toolCalls()).map((call) => JSON.stringify(call.arguments)).join("");
  }
  return { text, chars: text.length, toolArgs };
}
