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
