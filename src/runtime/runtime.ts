/**
 * Runtime facts for browsers, Workers and Deno. Node, Bun and Electron's main
 * process get `runtime.node.ts` instead, through the `#runtime` import
 * condition in package.json, so that no Node global is reachable from a
 * browser or Worker bundle.
 */
import { AttachmentError } from "../errors.ts";
import type { Env } from "../spec/model-adapter.ts";

interface DenoLike {
  env: { get(name: string): string | undefined };
  readFile?(path: string): Promise<Uint8Array>;
}

/**
 * Environment variables: `Deno.env` under Deno, read one variable at a time
 * so that `--allow-env=OPENAI_API_KEY` is enough (a variable Deno may not
 * read counts as unset); nothing in browsers and Workers.
 */
export function defaultEnv(): Env {
  const deno = (globalThis as { Deno?: DenoLike }).Deno;
  return deno
    ? new Proxy({}, {
        get(_, name) {
          try {
            return deno.env.get(String(name));
          } catch {
            return undefined;
          }
        },
      })
    : {};
}

/**
 * A file's bytes (for `llm.attachment({ path })`): `Deno.readFile` under
 * Deno; browsers and Workers have no filesystem, so there it is an error.
 */
export async function readFile(path: string): Promise<Uint8Array> {
  const deno = (globalThis as { Deno?: DenoLike }).Deno;
  if (typeof deno?.readFile === "function") return deno.readFile(path);
  throw new AttachmentError(
    `Cannot read attachment path "${path}": attachment paths need a filesystem, and this runtime (a browser or Worker) has none. Pass the file as content instead (a Blob, File, Uint8Array or ArrayBuffer, e.g. llm.attachment({ content: fileInput.files[0] })), or give its url.`,
  );
}
