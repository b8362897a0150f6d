/**
 * Runs the built Electron app (examples/electron/build.ts output) under plain
 * Node with test/examples/fake-electron.cjs installed as `electron` next to
 * it: imports main.mjs, loads preload.cjs, then prompts through the
 * `llmBridge` the preload exposed, so the chunks travel preload -> ipcMain ->
 * chat service -> sender.send -> preload. One JSON line per event.
 *
 *   node --import tsx test/examples/electron-app-driver.ts <outdir> '<AskRequest JSON>'...
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AskRequest, LlmBridge } from "../../examples/electron/src/shared/bridge.ts";

const [outdir, ...requests] = process.argv.slice(2);
if (!outdir) throw new Error("usage: electron-app-driver.ts <outdir> '<AskRequest JSON>'...");
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const require = createRequire(path.join(outdir, "main.mjs"));
const electron = require("electron") as { fake: { windows: Array<{ options: unknown; loaded?: unknown }>; exposed: Record<string, unknown>; handlers: Map<string, unknown> } };

print({ event: "runtime", node: process.version });
await import(pathToFileURL(path.join(outdir, "main.mjs")).href);
require(path.join(outdir, "preload.cjs"));
const { windows, exposed, handlers } = electron.fake;
print({ event: "app", handlers: [...handlers.keys()], windows: windows.map(({ options, loaded }) => ({ options, loaded })), exposed: Object.keys(exposed) });

const bridge = exposed.llmBridge as LlmBridge;
print({ event: "info", info: await bridge.info() });
let previous: string | undefined;
for (const [index, json] of requests.entries()) {
  const request = JSON.parse(json) as AskRequest;
  if (request.conversationId === "$previous") request.conversationId = previous;
  const reply = await bridge.ask(request, (text) => print({ event: "chunk", request: index, text, ms: performance.now() }));
  if (reply.ok) previous = reply.conversationId;
  print({ event: "reply", request: index, reply });
}
