import { toBase64 } from "../base64.ts";
import { getFetch } from "../configure.ts";
import { ConfigurationError, McpError } from "../errors.ts";
import type { JsonSchema } from "../spec/message.ts";
import { Tool } from "../tool.ts";
import { Toolbox } from "../toolbox.ts";
import { McpClient, type JsonRpcMessage } from "./mcp-client.ts";
import { toToolOutput, type CallToolResult } from "./to-tool-output.ts";

/** The version sent as `clientInfo.version` (a test keeps it equal to package.json's). */
export const clientVersion = "0.1.0";

/** A progress notification of a running tool call. */
export interface McpProgress {
  /** The tool's name as the model sees it (prefixed). */
  tool: string;
  progress: number;
  total?: number | undefined;
  message?: string | undefined;
}

export interface McpOptions {
  /**
   * The server's Streamable HTTP endpoint.
   * @example "http://127.0.0.1:3001/mcp"
   */
  url: string | URL;
  /**
   * Prefixes the tools' names as `<name>_<tool>`, so that two servers with
   * tools of the same name can be used together.
   * @default no prefix: the server's own tool names
   * @example "everything"
   */
  name?: string | undefined;
  /**
   * Sent with every request to the server. Never shown in errors.
   * @default {}
   * @example { "X-Api-Key": "..." }
   */
  headers?: Record<string, string> | undefined;
  /**
   * A bearer token, sent as `Authorization: Bearer <token>` (OAuth sign-in
   * flows are not supported: get the token yourself). Never shown in errors.
   * @default no Authorization header (unless `headers` has one)
   */
  token?: string | undefined;
  /**
   * Cancels the toolbox's requests: a call in flight is cancelled on the
   * server (`notifications/cancelled`) and rejects with the signal's reason,
   * and so does every later call. Pass the chain's signal to stop both at once.
   * @default no signal
   */
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds a request may wait for its answer; each progress
   * notification from the server starts the clock again.
   * @default 60_000
   */
  timeout?: number | undefined;
  /**
   * How many reconnections in a row that bring no new event a stream may
   * take (after the server's `retry` delay) before the call fails.
   * @default 3
   */
  maxReconnects?: number | undefined;
  /**
   * Called with each progress notification of a running tool call.
   * @default none
   */
  onProgress?: ((progress: McpProgress) => void) | undefined;
  /**
   * The `fetch` used for this server.
   * @default the one set with `llm.configure({ fetch })`, else `globalThis.fetch`
   */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * How the client introduces itself in `initialize`.
   * @default { name: "llm-anywhere", version: "<the SDK's version>" }
   */
  clientInfo?: { name: string; version: string } | undefined;
}

/** A server tool as `tools/list` describes it. */
interface ServerTool {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema?: JsonSchema | undefined;
}

/**
 * `fetch` refuses URLs with credentials (`https://user:password@host/mcp`):
 * they are sent as a Basic `Authorization` header instead (which `headers`
 * or `token` may override).
 */
function splitCredentials(href: string): { url: string; basic?: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(href);
  } catch (cause) {
    throw new ConfigurationError(`llm.mcp() needs an absolute http(s) URL; got one that does not parse.`, { cause });
  }
  if (!parsed.username && !parsed.password) return { url: href };
  const basic = `Basic ${toBase64(new TextEncoder().encode(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`))}`;
  parsed.username = parsed.password = "";
  return { url: parsed.href, basic };
}

/** Pages of `tools/list` read at most (a server that keeps sending cursors is broken). */
const maxPages = 100;

/**
 * The tools of an MCP server, as a `Toolbox`. Made by `mcp()`: see there.
 *
 * Its own methods are instance properties, not prototype methods: a `Toolbox`
 * offers every public prototype method to the model as a tool.
 */
export class McpToolbox extends Toolbox {
  /** Ends the session (`DELETE`) and fails calls in flight; the next use connects again. */
  declare readonly close: () => Promise<void>;
  readonly #client: McpClient;
  readonly #prefix: string;
  readonly #onProgress: McpOptions["onProgress"];
  #tools: Tool[] = [];
  /** The tools must be (re-)listed before the next use: never listed, or the server said they changed. */
  #stale = true;
  #preparing: Promise<void> | undefined;

  constructor(options: McpOptions) {
    super();
    if (!options?.url) throw new ConfigurationError("llm.mcp() needs the server's url: mcp({ url: \"https://example.com/mcp\" })");
    this.#prefix = options.name ? `${options.name}_` : "";
    this.#onProgress = options.onProgress;
    const { url, basic } = splitCredentials(String(options.url));
    const headers = { ...(basic && { authorization: basic }), ...options.headers, ...(options.token && { authorization: `Bearer ${options.token}` }) };
    this.#client = new McpClient({
      url,
      headers,
      fetch: options.fetch ?? ((input, init) => getFetch()(input, init)),
      timeout: options.timeout ?? 60_000,
      maxReconnects: options.maxReconnects ?? 3,
      clientInfo: options.clientInfo ?? { name: "llm-anywhere", version: clientVersion },
      signal: options.signal,
      onNotification: (message) => this.#notified(message),
    });
    this.close = async () => {
      this.#stale = true;
      await this.#client.close();
    };
    // Before every request that offers its tools: connect (again, after a failure or close()) and re-list if they changed.
    this.ensurePrepared = () => (this.#stale || !this.#client.protocolVersion ? (this.#preparing ??= this.prepare().finally(() => (this.#preparing = undefined))) : Promise.resolve());
  }

  /** The server's `serverInfo` (`name`, `version`, ...), once connected. */
  get serverInfo(): { name: string; version: string; [key: string]: unknown } | undefined {
    return this.#client.initialized?.serverInfo;
  }

  /** The server's `instructions`, once connected (a system prompt may use them). */
  get instructions(): string | undefined {
    return this.#client.initialized?.instructions;
  }

  /** The negotiated protocol version, once connected. */
  get protocolVersion(): string | undefined {
    return this.#client.protocolVersion;
  }

  /** The `Mcp-Session-Id` the server gave, if any. */
  get sessionId(): string | undefined {
    return this.#client.sessionId;
  }

  /** Connects (`initialize`) and lists the server's tools, following `nextCursor`. */
  override async prepare(): Promise<void> {
    await this.#client.connect();
    this.#stale = false;
    const listed: ServerTool[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const result = await this.#client.request("tools/list", cursor === undefined ? {} : { cursor });
      listed.push(...(Array.isArray(result?.tools) ? result.tools : []));
      cursor = typeof result?.nextCursor === "string" ? result.nextCursor : undefined;
      if (cursor === undefined) break;
      if (seen.has(cursor)) throw new McpError(`MCP server ${this.#client.server} sent the tools/list cursor ${JSON.stringify(cursor)} twice.`, { server: this.#client.server, method: "tools/list" });
      seen.add(cursor);
    }
    this.#tools = listed.map((tool) => this.#toTool(tool));
  }

  /** The server's tools (prefixed, in the server's order), then any added with `addTool()`. */
  override tools(): Tool[] {
    return [...this.#tools, ...super.tools()];
  }

  #toTool(listed: ServerTool): Tool {
    // Providers accept letters, digits, `_` and `-` in tool names; MCP also allows `.` (and servers send more).
    const name = this.#prefix + listed.name.replace(/[^A-Za-z0-9_-]/g, "_");
    const { $schema: _, ...schema } = listed.inputSchema ?? {};
    return new Tool({
      name,
      description: listed.description ?? listed.title,
      parameters: { type: "object", properties: {}, ...schema },
      execute: async (args, call) => {
        const onProgress = this.#onProgress && ((progress: Omit<McpProgress, "tool">) => this.#onProgress!({ tool: name, ...progress }));
        const result: CallToolResult = await this.#client.request("tools/call", { name: listed.name, arguments: args }, { tool: listed.name, onProgress, signal: call.signal });
        return toToolOutput(result, { server: this.#client.server, tool: listed.name });
      },
    });
  }

  #notified(message: JsonRpcMessage): void {
    if (message.method === "notifications/tools/list_changed") this.#stale = true;
  }
}
