/**
 * examples/browser-embeddings in real Chromium: the page bundled as an app
 * would bundle it, served on 127.0.0.1, with `POST /v1/embeddings` answered
 * by a local mock that returns word-count vectors as base64 float32 (as
 * OpenAI does), so the expected ranking can be computed here.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleForBrowser, launchChromium, saveScreenshot, serve, type Served } from "../test/helpers/chromium.ts";
import { repoRoot } from "../test/helpers/fixtures.ts";

const exampleDir = path.join(repoRoot, "examples/browser-embeddings");
const dimensions = 256;
/** Each distinct word gets its own position, in the order words are first seen. */
const vocabulary = new Map<string, number>();

/** One count per word (lower case, letters only): texts sharing words point the same way. */
function wordVector(text: string): number[] {
  const vector = Array.from({ length: dimensions }, () => 0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (!vocabulary.has(word)) vocabulary.set(word, vocabulary.size);
    const position = vocabulary.get(word)!;
    if (position >= dimensions) throw new Error(`The mock's vocabulary is full (${dimensions} words).`);
    vector[position]!++;
  }
  return vector;
}

function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((sum, value, index) => sum + value * b[index]!, 0);
  const length = (values: number[]) => Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
  return dot / (length(a) * length(b));
}

interface EmbeddingRequest {
  headers: IncomingHttpHeaders;
  body: { model: string; input: string[]; encoding_format: string };
}

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, accept",
};

/** A stand-in for OpenAI's embeddings endpoint on 127.0.0.1, with CORS. */
async function startMockEmbeddings() {
  const requests: EmbeddingRequest[] = [];
  const server = createServer((request, response) => {
    if (request.method === "OPTIONS") return void response.writeHead(204, corsHeaders).end();
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", () => {
      const body = JSON.parse(text) as EmbeddingRequest["body"];
      requests.push({ headers: request.headers, body });
      const data = body.input.map((input, index) => ({
        object: "embedding",
        index,
        embedding: Buffer.from(new Float32Array(wordVector(input)).buffer).toString("base64"),
      }));
      response.writeHead(200, { "content-type": "application/json", ...corsHeaders });
      response.end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}

const samples = [
  "Pelicans scoop fish out of the water with their throat pouch.",
  "The kakapo is a flightless night parrot from New Zealand.",
  "Sourdough bread needs a starter, flour, water and salt.",
  "Check the bike chain and tyre pressure before a long ride.",
  "Penguins swim fast and eat fish, krill and squid.",
];

let browser: Browser;
let site: Served;
let mock: Awaited<ReturnType<typeof startMockEmbeddings>>;

beforeAll(async () => {
  const [launched, bundle, started] = await Promise.all([launchChromium(), bundleForBrowser("examples/browser-embeddings/main.ts"), startMockEmbeddings()]);
  browser = launched;
  mock = started;
  site = await serve({
    "/index.html": readFileSync(path.join(exampleDir, "index.html"), "utf8"),
    "/main.ts": { body: bundle, type: "text/javascript; charset=utf-8" },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});

async function openPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`uncaught ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error ${message.text()}`);
  });
  page.setDefaultTimeout(15_000);
  await page.goto(`${site.url}?base=${encodeURIComponent(mock.baseUrl)}`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems };
}

const idle = (page: Page) => expect.poll(() => page.getByRole("button", { name: "Search" }).isEnabled()).toBe(true);

async function searchFor(page: Page, query: string): Promise<Array<{ text: string; score: number }>> {
  await page.getByLabel("Search notes").fill(query);
  await page.getByRole("button", { name: "Search" }).click();
  await idle(page);
  await expect.poll(() => page.locator("#results li").count()).toBeGreaterThan(0);
  return page.locator("#results li").evaluateAll((items) =>
    items.map((item) => ({ text: item.firstChild?.textContent ?? "", score: Number(item.querySelector(".score")?.textContent) })),
  );
}

describe("examples/browser-embeddings", () => {
  it("embeds the sample notes once, ranks a search as cosine similarity says, and keeps the notes across a reload", async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await openPage(context);
      expect(await page.locator("#count").textContent()).toBe("0 notes in this browser.");
      expect(await page.locator("#key-status").textContent()).toBe("No key stored yet.");

      // No key: an alert says where to type it; nothing was sent.
      await page.getByRole("button", { name: "Add sample notes" }).click();
      await expect.poll(() => page.getByRole("alert").textContent()).toContain('llm.setKey("openai"');
      expect(await page.getByRole("alert").textContent()).toContain('type your key in "OpenAI key"');
      expect(mock.requests).toHaveLength(0);

      const key = "sk-embeddings-page-7c1d";
      await page.getByLabel("OpenAI key").fill(key);
      await page.getByRole("button", { name: "Save key" }).click();
      await expect.poll(() => page.locator("#key-status").textContent()).toBe("Key saved. Stored keys: openai.");

      await page.getByRole("button", { name: "Add sample notes" }).click();
      await expect.poll(() => page.locator("#count").textContent()).toBe("5 notes in this browser.");
      expect(await page.getByRole("alert").isHidden()).toBe(true);
      expect(mock.requests).toHaveLength(1);
      expect(mock.requests[0]!.body).toEqual({ model: "text-embedding-3-small", input: samples, encoding_format: "base64" });
      expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${key}`);

      // Adding them again sends nothing: same ids, same text.
      await page.getByRole("button", { name: "Add sample notes" }).click();
      await idle(page);
      expect(mock.requests).toHaveLength(1);

      const query = "Which birds eat fish?";
      const found = await searchFor(page, query);
      const expected = samples.map((text) => ({ text, score: cosine(wordVector(query), wordVector(text)) })).sort((a, b) => b.score - a.score).slice(0, 3);
      expect(found.map((result) => result.text)).toEqual(expected.map((result) => result.text));
      found.forEach((result, index) => expect(result.score).toBeCloseTo(expected[index]!.score, 3));
      expect(found[0]!.text).toMatch(/^Penguins/);
      expect(mock.requests.at(-1)!.body.input).toEqual([query]);
      await saveScreenshot(page, "browser-embeddings-1-search");

      // A note typed by hand.
      await page.getByLabel("Note", { exact: true }).fill("Bread flour and salt for the starter");
      await page.getByRole("button", { name: "Add note" }).click();
      await expect.poll(() => page.locator("#count").textContent()).toBe("6 notes in this browser.");
      const requestsBeforeReload = mock.requests.length;

      // After a reload the notes are still there, and a search embeds only the query.
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.locator("#count").textContent()).toBe("6 notes in this browser.");
      expect(await page.locator("#key-status").textContent()).toBe("Stored keys: openai.");
      const bread = await searchFor(page, "starter flour");
      expect(bread[0]!.text).toBe("Bread flour and salt for the starter");
      expect(bread[1]!.text).toMatch(/^Sourdough/);
      expect(mock.requests.slice(requestsBeforeReload).map((request) => request.body.input)).toEqual([["starter flour"]]);
      expect(await page.content()).not.toContain(key);
      await saveScreenshot(page, "browser-embeddings-2-after-reload");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
