/**
 * Runtime facts for Node, Bun and Electron's main process (selected by the
 * `node` condition of the `#runtime` import in package.json).
 */
import type { Env } from "../spec/model-adapter.ts";

declare const process: { env: Env };

/** Environment variables: the live `process.env`. */
export function defaultEnv(): Env {
  return process.env;
}

/** A file's bytes (for `llm.attachment({ path })`); `node:fs` is loaded only when first needed. */
export async function readFile(path: string): Promise<Uint8Array> {
  // @ts-ignore: the source is type-checked without Node's types (tsconfig.src.json).
  const fs = (await import("node:fs/promises")) as { readFile(path: string): Promise<Uint8Array> };
  const buffer = await fs.readFile(path);
  // A plain Uint8Array over the same memory: nothing Buffer-specific leaks out.
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
