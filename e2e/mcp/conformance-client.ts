/**
 * The client command the MCP conformance suite runs (`conformance client
 * --command ...`): it appends the test server's URL as the last argument and
 * names the scenario in MCP_CONFORMANCE_SCENARIO. The client connects with
 * `mcp()` and, for the scenarios that expect a call, calls the scenario's
 * tool through a chain driven by the echo model, printing what the model
 * was told. Exits 1 on any error.
 *
 *   node --import tsx --conditions=llm-anywhere:source e2e/mcp/conformance-client.ts http://localhost:3000/mcp
 */
import * as llm from "llm-anywhere";
import { mcp } from "llm-anywhere/mcp";

/** The tool each scenario expects to be called, with its arguments. */
const calls: Record<string, { name: string; arguments: Record<string, unknown> }> = {
  tools_call: { name: "add_numbers", arguments: { a: 5, b: 3 } },
  "sse-retry": { name: "test_reconnection", arguments: {} },
};

const url = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? "initialize";
if (!url?.startsWith("http")) {
  console.error("usage: conformance-client.ts <server-url> (MCP_CONFORMANCE_SCENARIO names the scenario)");
  process.exit(2);
}

const toolbox = mcp({ url, timeout: 20_000 });
try {
  await toolbox.ensurePrepared();
  console.log(`connected: protocol ${toolbox.protocolVersion}, tools: ${toolbox.tools().map((tool) => tool.name).join(", ") || "(none)"}`);
  const call = calls[scenario];
  if (call) {
    const chain = llm.getModel("echo").chain(JSON.stringify({ tool_calls: [call] }), { tools: [toolbox], chainLimit: 2 });
    const responses: llm.Response[] = [];
    for await (const response of chain.responses()) responses.push(response);
    const told = JSON.parse(await responses.at(-1)!.text()) as { tool_results: Array<{ name: string; output: string }> };
    const [result] = told.tool_results;
    console.log(`${result!.name} -> ${result!.output}`);
    if (result!.output.startsWith("Error:")) process.exitCode = 1;
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await toolbox.close();
}
