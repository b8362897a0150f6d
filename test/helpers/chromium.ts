/**
 * Real Chromium for tests: launch Debian's chromium through playwright-core,
 * bundle a test entry for the browser with esbuild (source condition, so
 * `llm-anywhere` and its subpaths resolve to src/), serve files on
 * 127.0.0.1, and run an entry's `run(arg, pageIndex)` in N pages of one
 * origin at once.
 *
 * @example
 * const browser = await launchChromium();                      // beforeAll, one per test file
 * const [result] = await runInChromium<number>("test/x/browser/entry.ts", { browser, arg: { n: 3 } });
 * await browser.close();                                       // afterAll
 */
import { existsSync, mkdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's package. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a sandbox-less container without GPU or network. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches headless Chromium; one per test file (beforeAll/afterAll) keeps tests fast. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH to a Chromium binary (not "npx playwright install").`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface BundleOptions {
  /** Minify (names included), as a user's production build would. @default false */
  minify?: boolean;
}

/** Bundles `entryFile` (relative to the repository root, or absolute) into one ES module for the browser. */
export async function bundleForBrowser(entryFile: string, options: BundleOptions = {}): Promise<string> {
  const result = await build({
    entryPoints: [path.resolve(root, entryFile)],
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    target: "es2022",
    conditions: ["llm-anywhere:source", "browser"],
    minify: options.minify ?? false,
    sourcemap: "inline",
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

export type ServedFile = string | Uint8Array | { body: string | Uint8Array; type?: string; status?: number; headers?: Record<string, string> };

export interface ServeOptions {
  /** Answers paths not in `files` (a replaying provider, say); 404 without it. */
  fallback?: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;
}

export interface Served {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".wasm": "application/wasm",
};

/** The content type for a path, by its extension. */
export function contentTypeOf(filePath: string): string {
  return contentTypes[path.extname(filePath).toLowerCase()] ?? "application/octet-stream";
}

/** Serves `files` (keys are paths: `/index.html`, `app.js`; `/` serves `/index.html`) on 127.0.0.1, a free port. */
export async function serve(files: Record<string, ServedFile>, options: ServeOptions = {}): Promise<Served> {
  const table = new Map(Object.entries(files).map(([key, file]) => [key.startsWith("/") ? key : `/${key}`, file]));
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const filePath = pathname === "/" ? "/index.html" : pathname;
    const file = table.get(filePath);
    if (file === undefined) {
      if (options.fallback) {
        Promise.resolve(options.fallback(request, response)).catch((error: unknown) => {
          if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
          response.end(String(error));
        });
        return;
      }
      response.writeHead(404, { "content-type": "text/plain" }).end(`Not found: ${pathname}`);
      return;
    }
    const { body, type, status, headers } = typeof file === "string" || file instanceof Uint8Array ? { body: file } : file;
    response.writeHead(status ?? 200, { "content-type": type ?? contentTypeOf(filePath), "cache-control": "no-store", ...headers });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((ready, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ready);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export interface RunInChromiumOptions {
  /** Pages of the same origin (they share IndexedDB, localStorage, ...), run at once. @default 1 */
  pages?: number;
  /** Passed to `run(arg, pageIndex)` in every page; must be JSON. */
  arg?: unknown;
  /** For the whole run, bundling and page loads included. @default 60_000 */
  timeoutMs?: number;
  /** A browser to reuse (a fresh context is made and closed); without it one is launched and closed. */
  browser?: Browser;
  /** More files to serve next to `/index.html` and `/entry.js`. */
  files?: Record<string, ServedFile>;
  /** Minify the entry bundle (see `bundleForBrowser`). @default false */
  minify?: boolean;
}

/**
 * Bundles `entryFile`, serves it as `/entry.js` with an empty `/index.html`,
 * opens `pages` pages in one fresh browser context, imports the module in
 * each and calls its exported `run(arg, pageIndex)` in all of them
 * concurrently. Resolves with each page's result (in page order), as
 * Playwright serialises it. Everything opened is closed before it settles.
 */
export async function runInChromium<T = unknown>(entryFile: string, options: RunInChromiumOptions = {}): Promise<T[]> {
  const { pages: count = 1, arg, timeoutMs = 60_000 } = options;
  const problems: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let server: Served | undefined;
  let ownBrowser: Browser | undefined;
  let context: BrowserContext | undefined;
  const work = async (): Promise<T[]> => {
    const code = await bundleForBrowser(entryFile, { minify: options.minify ?? false });
    server = await serve({ "/index.html": '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>test</title>', "/entry.js": code, ...options.files });
    const browser = options.browser ?? (ownBrowser = await launchChromium());
    context = await browser.newContext();
    const pages: Page[] = [];
    for (let index = 0; index < count; index++) {
      const page = await context.newPage();
      page.on("pageerror", (error) => problems.push(`page ${index}: uncaught ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`page ${index}: console.error ${message.text()}`);
      });
      await page.goto(server.url);
      pages.push(page);
    }
    // A string, not a function: vitest rewrites `import()` inside test-file functions.
    const call = (index: number) =>
      `(async () => {
        const module = await import("/entry.js");
        if (typeof module.run !== "function") throw new Error(${JSON.stringify(`${entryFile} exports no run(arg, pageIndex) function`)});
        return await module.run(${JSON.stringify(arg) ?? "undefined"}, ${index});
      })()`;
    return Promise.all(pages.map((page, index) => page.evaluate(call(index)) as Promise<T>));
  };
  const running = work();
  try {
    return await Promise.race([
      running,
      new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`runInChromium(${entryFile}) took more than ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    if (problems.length === 0) throw error;
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nIn the pages:\n${problems.join("\n")}`, { cause: error });
  } finally {
    clearTimeout(timer);
    // After a timeout `work` may still be going: closing the context ends its
    // page calls; wait for it so nothing it opens later is left behind.
    await context?.close().catch(() => {});
    await running.catch(() => {});
    await context?.close().catch(() => {});
    await ownBrowser?.close().catch(() => {});
    await server?.close();
  }
}

/** Saves a full-page screenshot to `test-results/screenshots/<name>.png`; returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const directory = path.join(root, "test-results", "screenshots");
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
