/**
 * One MCP tool call through a chain driven by the echo model, for the
 * runtime tests (e2e/mcp.test.ts): `run` in Chromium, `run(env, arg)` in workerd.
 * Returns what the model was told and what the server said about itself.
 */
import * as llm from "llm-anywhere";
import { mcp } from "llm-anywhere/mcp";

export interface CallEchoResult {
  server: string | undefined;
  protocolVersion: string | undefined;
  tools: number;
  output: string;
}

export async function callEcho(url: string, message: string): Promise<CallEchoResult> {
  const everything = mcp({ url, name: "everything", timeout: 20_000 });
  try {
    const chain = llm.getModel("echo").chain(JSON.stringify({ tool_calls: [{ name: "everything_echo", arguments: { message } }] }), { tools: [everything] });
    const responses: llm.Response[] = [];
    for await (const response of chain.responses()) responses.push(response);
    const told = JSON.parse(await responses.at(-1)!.text()) as { tool_results: Array<{ output: string }> };
    return { server: everything.serverInfo?.name, protocolVersion: everything.protocolVersion, tools: everything.tools().length, output: told.tool_results[0]!.output };
  } finally {
    await everything.close();
  }
}
