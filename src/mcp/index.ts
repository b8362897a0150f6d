// llm-anywhere/mcp: Model Context Protocol servers as toolboxes, over fetch.
import { McpToolbox, type McpOptions } from "./mcp-toolbox.ts";

/**
 * An MCP server's tools as a `Toolbox`: pass it in `tools` like any other.
 * Before the first request that offers its tools it connects over the
 * Streamable HTTP transport (`initialize`) and lists the server's tools,
 * each becoming a tool with the server's name, description and input
 * schema (prefixed `<name>_` when `name` is given). Calling one sends
 * `tools/call`: the model is told its text, gets its images and audio as
 * attachments, and is told `Error: <text>` for an `isError` result.
 * The tools are listed again after the server says they changed.
 *
 * Not supported (answered per the protocol, never left hanging): sampling,
 * elicitation and roots (not advertised; such server requests get
 * "method not found"), OAuth sign-in (pass a `token`), the older HTTP+SSE
 * transport, resources and prompts.
 * @example
 * import { mcp } from "llm-anywhere/mcp";
 * const everything = mcp({ url: "http://127.0.0.1:3001/mcp", name: "everything" });
 * const chain = llm.getModel("gpt-4.1-mini").chain("Add 2 and 3 with a tool", { tools: [everything] });
 * console.log(await chain.text());
 * await everything.close();
 */
export function mcp(options: McpOptions): McpToolbox {
  return new McpToolbox(options);
}

export { McpToolbox };
export type { McpOptions, McpProgress } from "./mcp-toolbox.ts";
export { McpError } from "../errors.ts";
export type { McpErrorDetails } from "../errors.ts";
