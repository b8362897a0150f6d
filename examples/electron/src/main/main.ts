/**
 * The Electron main process: opens the window and answers the renderer's
 * `llmBridge` calls over IPC with the chat service (chat-service.ts, where
 * all the llm-anywhere code is). Built by build.ts to dist/main.mjs, next to
 * preload.cjs, index.html and renderer.js.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { app, BrowserWindow, ipcMain } from "electron";
import { channels, type AskRequest } from "../shared/bridge.ts";
import { createChatService } from "./chat-service.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

await app.whenReady();
// The app's own directory; LLM_USER_PATH (the Python llm's variable) shares keys with the llm CLI instead.
const service = await createChatService({ dir: process.env.LLM_USER_PATH || path.join(app.getPath("userData"), "llm") });

ipcMain.handle(channels.ask, async (event, id: string, request: AskRequest) => {
  const { sender } = event;
  const controller = new AbortController();
  // A window closed mid-answer stops the request.
  const stop = () => controller.abort();
  sender.once("destroyed", stop);
  try {
    return await service.ask(request, (text) => sender.isDestroyed() || sender.send(channels.chunk, id, text), controller.signal);
  } finally {
    if (!sender.isDestroyed()) sender.off("destroyed", stop);
  }
});
ipcMain.handle(channels.info, () => service.info());

function openWindow(): void {
  const window = new BrowserWindow({
    width: 960,
    height: 760,
    title: "llm-anywhere in Electron",
    webPreferences: { preload: path.join(here, "preload.cjs"), contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  // The page reads no environment: pass OPENAI_BASE_URL (an address, never a key) for a local server.
  const base = process.env.OPENAI_BASE_URL;
  void window.loadFile(path.join(here, "index.html"), base ? { query: { base } } : {});
}

openWindow();
app.on("activate", () => BrowserWindow.getAllWindows().length === 0 && openWindow());
app.on("window-all-closed", () => process.platform !== "darwin" && app.quit());
