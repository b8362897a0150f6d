/**
 * The preload script: exposes `window.llmBridge` (see shared/bridge.ts) to
 * the page through contextBridge, so the page can ask the main process without
 * seeing Node, IPC or the main process's keys. Sandboxed preloads are
 * CommonJS; build.ts bundles this to dist/preload.cjs.
 */
import { contextBridge, ipcRenderer } from "electron";
import { channels, type LlmBridge } from "../shared/bridge.ts";

let counter = 0;

const bridge: LlmBridge = {
  async ask(request, onChunk) {
    // Chunks of every answer come on one channel; the id picks this answer's.
    const id = `${Date.now().toString(36)}-${(counter++).toString(36)}`;
    const listener = (_event: unknown, chunkId: string, text: string) => chunkId === id && onChunk(text);
    ipcRenderer.on(channels.chunk, listener);
    try {
      return await ipcRenderer.invoke(channels.ask, id, request);
    } finally {
      ipcRenderer.removeListener(channels.chunk, listener);
    }
  },
  info: () => ipcRenderer.invoke(channels.info),
};

contextBridge.exposeInMainWorld("llmBridge", bridge);
