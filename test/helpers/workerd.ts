/**
 * Runs test code inside real workerd (through miniflare), bundled the way
 * wrangler bundles a Worker: esbuild, ESM, platform browser, conditions
 * workerd/worker/browser, plus `llm-anywhere:source` so that `llm-anywhere`
 * and its subpaths resolve to src/. No `nodejs_compat`: what passes here runs
 * on Cloudflare without Node shims.
 *
 * An entry file exports `run(env, arg)` (called by `runInWorkerd()` and
 * `instance.run()`, JSON in and out) and/or a default `{ fetch }` handler
 * (reached with `instance.mf.dispatchFetch()` for any path but the harness's
 * own).
 *
 * @example
 * // test/logs/workerd/entry.ts
 * export async function run(env: { KV: KVNamespaceLike }, arg: { name: string }) {
 *   return { hello: arg.name };
 * }
 * // test/logs/workerd.test.ts
 * expect(await runInWorkerd(entry, { arg: { name: "x" }, kv: true })).toEqual({ hello: "x" });
 * // or, keeping one workerd for several requests and reading KV from Node:
 * const worker = await startWorkerd(entry, { kv: ["KV"] });
 * try {
 *   await worker.run({ name: "x" });
 *   const raw = await (await worker.kv("KV")).get("some/key", "text");
 * } finally {
 *   await worker.dispose();
 * }
 */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, formatMessages, type Message } from "esbuild";
import { Miniflare, type Json } from "miniflare";
import type { KVNamespaceLike } from "../../src/storage/cloudflare-kv.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface WorkerdOptions {
  /**
   * KV namespaces to bind, each empty and in memory: `true` binds one named
   * `KV`, a list binds those names.
   * @default false
   */
  kv?: boolean | string[];
  /** Plain values to bind in `env` (strings or JSON values), such as `OPENAI_BASE_URL`. */
  bindings?: Record<string, Json>;
  /**
   * How long starting workerd, or one `run()`, may take before it fails.
   * @default 60_000
   */
  timeoutMs?: number;
  /** @default "2026-04-01" */
  compatibilityDate?: string;
  /** @default [] (no `nodejs_compat`, as a plain Worker) */
  compatibilityFlags?: string[];
}

export interface WorkerdInstance {
  /** The miniflare instance: `dispatchFetch()`, `getKVNamespace(name)`, ... */
  readonly mf: Miniflare;
  /**
   * A KV namespace bound with `kv`, from Node: the same data the Worker sees.
   * Typed as `KVNamespaceLike` because miniflare's own type needs
   * `@cloudflare/workers-types`, which this repo does not install.
   * @default name "KV"
   */
  kv(name?: string): Promise<KVNamespaceLike>;
  /** Calls the entry's `run(env, arg)` in a fresh request and returns its JSON result. */
  run<T = unknown>(arg?: unknown): Promise<T>;
  /** Stops workerd; safe to call more than once. */
  dispose(): Promise<void>;
}

/** The path `run()` requests go to; every other request reaches the entry's own `fetch`. */
const runPath = "/__llm-anywhere-run";

/** Errors thrown in workerd come back with these fields. */
interface WorkerFailure {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** Bundles `entryFile` (absolute, or relative to the repo root) as wrangler would, behind the harness's handler. */
export async function bundleForWorkerd(entryFile: string): Promise<string> {
  const entry = isAbsolute(entryFile) ? entryFile : join(repoRoot, entryFile);
  const wrapper = `
import * as entry from ${JSON.stringify(entry)};
const describe = (error) => error instanceof Error
  ? { name: error.name, message: error.message, code: typeof error.code === "string" ? error.code : undefined, stack: error.stack }
  : { name: "NonError", message: String(error) };
export default {
  async fetch(request, env, context) {
    if (new URL(request.url).pathname !== ${JSON.stringify(runPath)}) {
      if (typeof entry.default?.fetch === "function") return entry.default.fetch(request, env, context);
      return new Response("this entry has no default fetch handler", { status: 404 });
    }
    if (typeof entry.run !== "function") return Response.json({ ok: false, error: { name: "HarnessError", message: "the entry does not export run(env, arg)" } });
    try {
      const { arg } = await request.json();
      const result = await entry.run(env, arg);
      return Response.json({ ok: true, result: result === undefined ? null : result });
    } catch (error) {
      return Response.json({ ok: false, error: describe(error) });
    }
  },
};`;
  try {
    const result = await build({
      stdin: { contents: wrapper, resolveDir: repoRoot, sourcefile: "workerd-harness.js", loader: "js" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      target: "es2022",
      conditions: ["llm-anywhere:source", "workerd", "worker", "browser"],
      logLevel: "silent",
    });
    return result.outputFiles[0]!.text;
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    const details = messages?.length ? (await formatMessages(messages, { kind: "error" })).join("\n") : String(error);
    throw new Error(`Could not bundle ${relative(repoRoot, entry)} for workerd (esbuild, platform browser, conditions workerd/worker/browser):\n${details}`, { cause: error });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Bundles `entryFile` and starts it in workerd. The caller must `dispose()`
 * the instance (in `finally` or `afterAll`); `withWorkerd()` does it for you.
 */
export async function startWorkerd(entryFile: string, options: WorkerdOptions = {}): Promise<WorkerdInstance> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const script = await bundleForWorkerd(entryFile);
  const kvNamespaces = options.kv === true ? ["KV"] : options.kv || [];
  const name = relative(repoRoot, isAbsolute(entryFile) ? entryFile : join(repoRoot, entryFile));
  let mf: Miniflare;
  try {
    mf = new Miniflare({
      modules: true,
      script,
      kvNamespaces,
      bindings: options.bindings ?? {},
      compatibilityDate: options.compatibilityDate ?? "2026-04-01",
      compatibilityFlags: options.compatibilityFlags ?? [],
      host: "127.0.0.1",
    });
  } catch (error) {
    throw new Error(`Could not configure workerd for ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    await withTimeout(mf.ready, timeoutMs, `Starting workerd for ${name}`);
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw new Error(`workerd did not start for ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  let disposed: Promise<void> | undefined;
  return {
    mf,
    async kv(name = "KV") {
      if (!kvNamespaces.includes(name)) throw new Error(`${name} is not a KV namespace of this workerd: pass { kv: [${JSON.stringify(name)}] } to startWorkerd()`);
      return (await mf.getKVNamespace(name)) as unknown as KVNamespaceLike;
    },
    async run<T>(arg?: unknown): Promise<T> {
      const response = await withTimeout(
        mf.dispatchFetch(`http://worker.local${runPath}`, { method: "POST", body: JSON.stringify({ arg: arg ?? null }), headers: { "content-type": "application/json" } }),
        timeoutMs,
        `run() of ${name} in workerd`,
      );
      const text = await response.text();
      let answer: { ok: true; result: T } | { ok: false; error: WorkerFailure };
      try {
        answer = JSON.parse(text);
      } catch {
        throw new Error(`workerd answered run() of ${name} with HTTP ${response.status} and no JSON: ${text.slice(0, 500)}`);
      }
      if (answer.ok) return answer.result;
      const failure = new Error(`run() of ${name} threw in workerd: ${answer.error.name}: ${answer.error.message}`);
      Object.assign(failure, { workerError: answer.error });
      if (answer.error.stack) failure.stack = `${failure.message}\n--- in workerd ---\n${answer.error.stack}`;
      throw failure;
    },
    dispose() {
      disposed ??= mf.dispose();
      return disposed;
    },
  };
}

/** Starts workerd, hands it to `use`, and always disposes it. */
export async function withWorkerd<T>(entryFile: string, options: WorkerdOptions, use: (worker: WorkerdInstance) => Promise<T>): Promise<T> {
  const worker = await startWorkerd(entryFile, options);
  try {
    return await use(worker);
  } finally {
    await worker.dispose();
  }
}

/** Runs the entry's `run(env, arg)` once in a fresh workerd and returns its JSON result. */
export function runInWorkerd<T = unknown>(entryFile: string, options: WorkerdOptions & { arg?: unknown } = {}): Promise<T> {
  const { arg, ...rest } = options;
  return withWorkerd(entryFile, rest, (worker) => worker.run<T>(arg));
}
