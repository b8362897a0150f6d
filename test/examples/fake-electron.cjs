// A stand-in for the `electron` module, for running the built Electron app's
// main.mjs and preload.cjs under plain Node (e2e/electron.test.ts): ipcRenderer
// calls reach ipcMain's handlers in the same process, with every argument and
// result structured-cloned as IPC would, and windows are only recorded.
"use strict";

const handlers = new Map();
const rendererListeners = new Map();
const windows = [];
const exposed = {};
let destroyed = false;

const clone = (value) => (value === undefined ? undefined : structuredClone(value));

/** The window's WebContents, as the main process sees it in `event.sender`. */
const sender = {
  send(channel, ...args) {
    for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: null }, ...args.map(clone));
  },
  isDestroyed: () => destroyed,
  once() {
    return sender;
  },
  off() {
    return sender;
  },
};

class BrowserWindow {
  constructor(options) {
    this.options = clone(options);
    windows.push(this);
  }
  static getAllWindows() {
    return windows.slice();
  }
  async loadFile(filePath, options) {
    this.loaded = { filePath, options: clone(options) };
  }
}

module.exports = {
  app: {
    whenReady: () => Promise.resolve(),
    getPath(name) {
      if (name !== "userData" || !process.env.FAKE_ELECTRON_USER_DATA) throw new Error(`fake electron: no path for ${name}`);
      return process.env.FAKE_ELECTRON_USER_DATA;
    },
    on() {},
    quit() {},
  },
  BrowserWindow,
  ipcMain: {
    handle(channel, listener) {
      handlers.set(channel, listener);
    },
  },
  ipcRenderer: {
    async invoke(channel, ...args) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
      return clone(await handler({ sender }, ...args.map(clone)));
    },
    on(channel, listener) {
      rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]);
    },
    removeListener(channel, listener) {
      rendererListeners.set(channel, (rendererListeners.get(channel) ?? []).filter((existing) => existing !== listener));
    },
  },
  contextBridge: {
    exposeInMainWorld(key, api) {
      exposed[key] = api;
    },
  },
  /** For the test driver: what the app did. */
  fake: { windows, exposed, handlers, rendererListeners, destroy: () => (destroyed = true) },
};
