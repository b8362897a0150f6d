/**
 * What the main process and the renderer say to each other: the types and the
 * IPC channel names (main.ts, preload.ts and the renderer import it; it imports
 * nothing, so it bundles anywhere). Everything crossing the bridge is
 * structured-clone data: strings, numbers and plain objects, never an Error
 * or a key.
 */

/** A prompt for the main process. */
export interface AskRequest {
  prompt: string;
  /** A model id or alias. @default "echo" */
  model?: string | undefined;
  /** Continue this conversation (logged by the main process, so it survives a restart). */
  conversationId?: string | undefined;
  system?: string | undefined;
}

/** The main process's answer once it has streamed. */
export interface AskResult {
  ok: true;
  text: string;
  model: string;
  conversationId: string;
  responseId: string;
  usage: { input?: number | undefined; output?: number | undefined };
  durationMs: number;
}

/** What went wrong, as plain data (an `Error` does not survive IPC intact). */
export interface AskFailure {
  ok: false;
  error: { name: string; code?: string | undefined; message: string };
}

export type AskReply = AskResult | AskFailure;

/** Where the main process runs and keeps its files. */
export interface MainInfo {
  /** `process.version` of the main process, e.g. `v22.16.0`. */
  node: string;
  /** `process.versions.electron`; absent outside Electron. */
  electron?: string | undefined;
  /** The fs storage directory (keys, logs). */
  storageDir: string;
  /** Names of the keys the main process has stored (never their values). */
  keys: string[];
}

/** What preload.ts exposes to the page as `window.llmBridge`. */
export interface LlmBridge {
  /** Prompts in the main process; `onChunk` gets the text as it streams. Never rejects: failures are an `AskFailure`. */
  ask(request: AskRequest, onChunk: (text: string) => void): Promise<AskReply>;
  info(): Promise<MainInfo>;
}

declare global {
  interface Window {
    /** Set by preload.ts in Electron; missing in a plain browser tab. */
    llmBridge?: LlmBridge;
  }
}

/** The IPC channel names, in one place for main.ts and preload.ts. */
export const channels = {
  ask: "llm:ask",
  chunk: "llm:chunk",
  info: "llm:info",
} as const;
