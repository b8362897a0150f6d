/**
 * Runtime facts for browsers, Workers and Deno. Node, Bun and Electron's main
 * process get `runtime.node.ts` instead, through the `#runtime` import
 * condition in package.json, so that no Node global is reachable from a
 * browser or Worker bundle.
 */
import type { Env } from "../spec/model-adapter.ts";

interface DenoLike {
  env: { toObject(): Record<string, string> };
}

/** Environment variables: `Deno.env` under Deno (when allowed), nothing in browsers and Workers. */
export function defaultEnv(): Env {
  const deno = (globalThis as { Deno?: DenoLike }).Deno;
  if (deno) {
    try {
      return deno.env.toObject();
    } catch {
      // --allow-env not granted: behave like a browser.
    }
  }
  return {};
}
