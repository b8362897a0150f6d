/**
 * llm-anywhere/mcp in a browser (real Chromium, a page on another 127.0.0.1
 * origin, so the server's CORS headers matter) and in workerd (miniflare, no
 * nodejs_compat): connect to server-everything on 127.0.0.1 and call its
 * echo tool through a chain driven by the echo model.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchChromium, runInChromium } from "../test/helpers/chromium.ts";
import { runInWorkerd } from "../test/helpers/workerd.ts";
import { startEverything, type StartedServer } from "../test/mcp/helpers/start-everything.ts";
import type { CallEchoResult } from "./mcp/call-echo.ts";

let everything: StartedServer;
let browser: Browser;

beforeAll(async () => {
  [everything, browser] = await Promise.all([startEverything(), launchChromium()]);
}, 90_000);

afterAll(async () => {
  await Promise.all([browser?.close(), everything?.stop()]);
});

const expected = (message: string): CallEchoResult => ({
  server: "mcp-servers/everything",
  protocolVersion: "2025-11-25",
  tools: expect.any(Number) as unknown as number,
  output: `Echo: ${message}`,
});

it("calls a server-everything tool from Chromium (cross-origin, through CORS, minified bundle)", async () => {
  const [result] = await runInChromium<CallEchoResult>("e2e/mcp/browser-entry.ts", { browser, minify: true, arg: { url: everything.url, message: "from chromium" } });
  expect(result).toEqual(expected("from chromium"));
  expect(result!.tools).toBeGreaterThan(5);
}, 90_000);

it("calls a server-everything tool from workerd", async () => {
  const result = await runInWorkerd<CallEchoResult>("e2e/mcp/worker-entry.ts", { arg: { url: everything.url, message: "from workerd" }, timeoutMs: 60_000 });
  expect(result).toEqual(expected("from workerd"));
}, 90_000);
