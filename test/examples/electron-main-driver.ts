/**
 * Drives examples/electron/src/main/chat-service.ts the way main.ts does, but
 * from plain Node (e2e/electron.test.ts runs it on Node 22, Electron's line),
 * printing one JSON line per event so the test sees each chunk as it came.
 *
 *   node --import tsx --conditions=llm-anywhere:source test/examples/electron-main-driver.ts <dir> '<AskRequest JSON>'...
 *
 * A request whose `conversationId` is `"$previous"` continues the conversation
 * of the request before it.
 */
import { performance } from "node:perf_hooks";
import { createChatService } from "../../examples/electron/src/main/chat-service.ts";
import type { AskRequest } from "../../examples/electron/src/shared/bridge.ts";

const [dir, ...requests] = process.argv.slice(2);
if (!dir) throw new Error("usage: electron-main-driver.ts <dir> '<AskRequest JSON>'...");
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

print({ event: "runtime", node: process.version, v8: process.versions.v8, electron: process.versions.electron ?? null });
const service = await createChatService({ dir });
let previous: string | undefined;
for (const [index, json] of requests.entries()) {
  const request = JSON.parse(json) as AskRequest;
  if (request.conversationId === "$previous") request.conversationId = previous;
  const reply = await service.ask(request, (text) => print({ event: "chunk", request: index, text, ms: performance.now() }));
  if (reply.ok) previous = reply.conversationId;
  print({ event: "reply", request: index, reply });
}
print({ event: "info", info: await service.info() });
