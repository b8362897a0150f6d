/**
 * Starts the reference MCP server `@modelcontextprotocol/server-everything`
 * (Streamable HTTP) as a child process on 127.0.0.1 only, on a free port
 * (`PORT=0`, the real port read back from `bind-loopback.mjs`), and stops it.
 *
 * @example
 * const everything = await startEverything();   // beforeAll
 * mcp({ url: everything.url });                  // http://127.0.0.1:<port>/mcp
 * await everything.stop();                       // afterAll
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export interface StartedServer {
  /** `http://127.0.0.1:<port>/mcp` */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** What the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s); safe to call twice. */
  stop(): Promise<void>;
}

/** The server's entry file, from the installed package. */
export function everythingEntry(): string {
  const packageJson = require.resolve("@modelcontextprotocol/server-everything/package.json");
  return path.join(path.dirname(packageJson), "dist", "index.js");
}

/** Starts server-everything's Streamable HTTP transport; rejects after `timeoutMs` if it does not listen. */
export async function startEverything(timeoutMs = 20_000): Promise<StartedServer> {
  const preload = pathToFileURL(path.join(here, "bind-loopback.mjs")).href;
  const child = spawn(process.execPath, ["--import", preload, everythingEntry(), "streamableHttp"], {
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server-everything did not listen within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LOOPBACK_LISTENING 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server-everything exited with ${code} before listening:\n${output}`));
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  return { url: `${origin}/mcp`, origin, output: () => output, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL if the child is still there after 3 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
