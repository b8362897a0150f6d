/**
 * The few Electron APIs main.ts and preload.ts use, declared here so they
 * type-check in this repository, where the `electron` package (and its types)
 * cannot be installed. Once electron is installed its own, complete types
 * take over (`skipLibCheck` hides the overlap); delete this file in an app of
 * your own.
 */
declare module "electron" {
  interface WebContents {
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    once(event: "destroyed", listener: () => void): this;
    off(event: "destroyed", listener: () => void): this;
  }
  interface IpcMainInvokeEvent {
    sender: WebContents;
  }
  interface IpcRendererEvent {
    sender: unknown;
  }
  interface BrowserWindowOptions {
    width?: number;
    height?: number;
    title?: string;
    webPreferences?: { preload?: string; contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean };
  }
  export class BrowserWindow {
    constructor(options?: BrowserWindowOptions);
    static getAllWindows(): BrowserWindow[];
    loadFile(filePath: string, options?: { query?: Record<string, string> }): Promise<void>;
  }
  export const app: {
    whenReady(): Promise<void>;
    getPath(name: "userData" | "appData" | "home" | "temp"): string;
    on(event: "activate" | "window-all-closed", listener: () => void): unknown;
    quit(): void;
  };
  export const ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => unknown): void;
  };
  export const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<any>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): unknown;
    removeListener(channel: string, listener: (...args: any[]) => void): unknown;
  };
  export const contextBridge: {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  };
}
