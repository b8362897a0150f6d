/**
 * examples/browser-chat in real Chromium: the page bundled as an app would
 * bundle it, served on 127.0.0.1, with OpenAI and Anthropic traffic answered
 * by a local mock that replays recorded streams event by event.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleForBrowser, launchChromium, saveScreenshot, serve, type Served } from "../test/helpers/chromium.ts";
import { loadFixtureCases, repoRoot, type FixtureCase } from "../test/helpers/fixtures.ts";
import { startMockOpenAI, type MockOpenAI } from "./helpers/mock-openai.ts";

const exampleDir = path.join(repoRoot, "examples/browser-chat");
const cases = loadFixtureCases("openai", "chat-completions");
const fixture = (name: string): FixtureCase => {
  const found = cases.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`No fixture openai/chat-completions/${name} in ../shared/fixtures`);
  return found;
};
/** 28 events, 26 of them text: streamed over about 1.4 s at 50 ms an event. */
const short = fixture("text-stream-usage-gpt-4o-mini");
/** 303 events: about 15 s at 50 ms an event, long enough to press Stop in the middle. */
const long = fixture("text-stream-long-gpt-4.1-nano");
/** One call of `multiply({"a":1231,"b":2331})`, the page's demo tool; `short` is the answer after its result. */
const toolCall = fixture("tool-call-stream-gpt-4o-mini");
/** 41 events: 29 of thinking, then 3 of text ("- Captain\n- Scoop"). */
const claudeThinking = (() => {
  const found = loadFixtureCases("anthropic", "messages", "anthropic").find((candidate) => candidate.name === "thinking-stream-sonnet-4-5");
  if (!found) throw new Error("No fixture anthropic/messages/thinking-stream-sonnet-4-5 in ../shared/fixtures");
  return found;
})();
const pelicanPng = readFileSync(path.join(repoRoot, "examples/node/pelican.png"));
const eventDelayMs = 50;

let browser: Browser;
let site: Served;
let mock: MockOpenAI;

beforeAll(async () => {
  const [launched, bundle, started] = await Promise.all([launchChromium(), bundleForBrowser("examples/browser-chat/main.ts"), startMockOpenAI()]);
  browser = launched;
  mock = started;
  site = await serve({
    "/index.html": readFileSync(path.join(exampleDir, "index.html"), "utf8"),
    "/style.css": readFileSync(path.join(exampleDir, "style.css"), "utf8"),
    // index.html loads ./main.ts, as Vite serves it; here it is the esbuild bundle.
    "/main.ts": { body: bundle, type: "text/javascript; charset=utf-8" },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** A fresh context (its own IndexedDB and localStorage) with the page loaded and ready. */
async function openPage(query = ""): Promise<Opened> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`uncaught ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error ${message.text()}`);
  });
  page.setDefaultTimeout(15_000);
  await page.goto(`${site.url}${query}`);
  await ready(page);
  return { context, page, problems };
}

const ready = (page: Page) => page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
const answers = (page: Page) => page.locator("#messages .answer");
const lastAnswer = (page: Page) => answers(page).last();
const answerText = async (page: Page) => (await lastAnswer(page).textContent()) ?? "";

/** Types a prompt, sends it with Enter (the keyboard path), and waits until the page can send again. */
async function sendAndWait(page: Page, prompt: string): Promise<string> {
  const count = await answers(page).count();
  await page.getByLabel("Message").fill(prompt);
  await page.getByLabel("Message").press("Enter");
  await expect.poll(() => answers(page).count()).toBe(count + 1);
  await expect.poll(() => page.getByRole("button", { name: "Send" }).isEnabled(), { timeout: 15_000 }).toBe(true);
  return answerText(page);
}

async function saveKey(page: Page, key: string, label = "OpenAI key"): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(key);
  await page.getByRole("button", { name: "Save key" }).click();
  await expect.poll(() => page.locator("#key-status").textContent()).toContain("Key saved");
}

/**
 * Text was on the page while the mock had not finished the stream (read the
 * DOM first, then the mock's state), and the whole answer arrives in the end.
 */
async function expectStreamedIntoPage(page: Page, requestIndex: number, final: string): Promise<void> {
  let partial: string | undefined;
  for (let attempt = 0; attempt < 800 && partial === undefined; attempt++) {
    const text = await answerText(page);
    if (mock.requests[requestIndex]?.ended || text === final) break;
    if (text.length > 0 && text.length < final.length) partial = text;
    else await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(partial, "some text was on the page before the stream ended").toBeDefined();
  expect(final.startsWith(partial!)).toBe(true);
  await expect.poll(() => answerText(page), { timeout: 15_000 }).toBe(final);
  await expect.poll(() => page.getByRole("button", { name: "Send" }).isEnabled()).toBe(true);
}

describe("examples/browser-chat", () => {
  it("echo without a key: the answer appears", async () => {
    const { context, page, problems } = await openPage();
    try {
      expect(await page.getByLabel("Model").inputValue()).toBe("echo");
      expect(await page.locator("#key-status").textContent()).toBe("No key stored yet.");
      const text = await sendAndWait(page, "Hello from the test");
      const answer = JSON.parse(text);
      expect(answer).toMatchObject({ prompt: "Hello from the test", previous: [] });
      expect(await page.getByRole("alert").isHidden()).toBe(true);
      // Logged: the conversation is listed, named after its first prompt, and is the current one.
      const listed = page.getByRole("navigation").getByRole("button", { name: "Hello from the test" });
      await expect.poll(() => listed.getAttribute("aria-current")).toBe("true");
      await saveScreenshot(page, "browser-chat-1-echo");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("streams gpt-4o-mini chunk by chunk, with the key saved in the page", async () => {
    const before = mock.requests.length;
    const { context, page, problems } = await openPage(`?base=${encodeURIComponent(mock.baseUrl)}`);
    const key = "sk-browser-chat-test-5f3a";
    try {
      await page.getByLabel("Model").selectOption("gpt-4o-mini");

      // No key yet: an alert says how to set one, and the prompt is given back.
      await page.getByLabel("Message").fill("What is 1231 * 2331?");
      await page.getByRole("button", { name: "Send" }).click();
      await expect.poll(() => page.getByRole("alert").textContent()).toContain('llm.setKey("openai"');
      expect(await page.getByRole("alert").textContent()).toContain('type your key in "OpenAI key"');
      expect(await page.getByLabel("Message").inputValue()).toBe("What is 1231 * 2331?");
      expect(await answers(page).count()).toBe(0);
      expect(mock.requests.length).toBe(before);

      await saveKey(page, key);
      expect(await page.locator("#key-status").textContent()).toBe("Key saved. Stored keys: openai.");
      expect(await page.getByLabel("OpenAI key").inputValue()).toBe("");

      mock.replay(short.body, eventDelayMs);
      const final = short.facts.text as string;
      await page.getByRole("button", { name: "Send" }).click();
      expect(await page.getByRole("alert").isHidden()).toBe(true);
      await expectStreamedIntoPage(page, before, final);

      expect(mock.requests.length).toBe(before + 1);
      const request = mock.requests[before]!;
      expect(request.headers.authorization).toBe(`Bearer ${key}`);
      expect(request.body).toMatchObject({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "What is 1231 * 2331?" }] });
      expect(request.ended).toBe(true);
      expect(mock.preflights).toBeGreaterThan(0);
      // The page never shows the key, only its name.
      expect(await page.content()).not.toContain(key);
      expect(await page.locator("body").innerText()).not.toContain(key);
      await saveScreenshot(page, "browser-chat-2-streaming");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("a reload shows the stored key name and the conversation, and continues it", async () => {
    const { context, page, problems } = await openPage();
    try {
      await saveKey(page, "sk-kept-across-reloads");
      expect(JSON.parse(await sendAndWait(page, "First prompt")).previous).toEqual([]);
      expect(JSON.parse(await sendAndWait(page, "Second prompt")).previous).toEqual([{ prompt: "First prompt" }]);
      const listed = page.getByRole("navigation").getByRole("button", { name: "First prompt" });
      await expect.poll(() => listed.count()).toBe(1);

      await page.reload();
      await ready(page);
      expect(await page.locator("#key-status").textContent()).toBe("Stored keys: openai.");
      expect(await page.getByRole("navigation").getByRole("listitem").count()).toBe(1);
      expect(await listed.getAttribute("aria-current")).toBe("true");
      expect(await page.locator("#chat-heading").textContent()).toBe("Conversation: First prompt");
      expect(await page.locator("#messages .prompt").allTextContents()).toEqual(["You: First prompt", "You: Second prompt"]);
      const history = (await answers(page).allTextContents()).map((text) => JSON.parse(text));
      expect(history.map((answer) => answer.prompt)).toEqual(["First prompt", "Second prompt"]);

      const third = JSON.parse(await sendAndWait(page, "Third prompt"));
      expect(third).toMatchObject({ prompt: "Third prompt", previous: [{ prompt: "First prompt" }, { prompt: "Second prompt" }] });
      // Still one conversation, continued rather than started anew.
      await expect.poll(() => page.getByRole("navigation").getByRole("listitem").count()).toBe(1);
      await saveScreenshot(page, "browser-chat-3-reload");

      // Another reload shows all three turns.
      await page.reload();
      await ready(page);
      expect(await page.locator("#messages .prompt").count()).toBe(3);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("Stop aborts the request mid-stream: the page says stopped, the mock sees the connection close", async () => {
    const before = mock.requests.length;
    const { context, page, problems } = await openPage(`?base=${encodeURIComponent(mock.baseUrl)}`);
    try {
      await page.getByLabel("Model").selectOption("gpt-4o-mini");
      await saveKey(page, "sk-stop-test");
      mock.replay(long.body, eventDelayMs);
      await page.getByLabel("Message").fill("Invent a holiday");
      await page.getByRole("button", { name: "Send" }).click();
      await expect.poll(() => answerText(page), { timeout: 15_000 }).toMatch(/\S{3}/);
      await page.getByRole("button", { name: "Stop" }).click();

      await expect.poll(() => page.getByRole("status").filter({ hasText: "Stopped" }).count()).toBe(1);
      await expect.poll(() => mock.requests[before]?.closedEarly, { timeout: 10_000 }).toBe(true);
      const request = mock.requests[before]!;
      expect(request.ended).toBe(false);
      expect(request.eventsSent).toBeLessThan(request.totalEvents);
      const shown = await answerText(page);
      expect(shown).toMatch(/\(stopped\)$/);
      expect((long.facts.text as string).startsWith(shown.replace(/ \(stopped\)$/, ""))).toBe(true);
      expect(await page.getByRole("button", { name: "Stop" }).isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: "Send" }).isEnabled()).toBe(true);
      expect(await page.getByRole("alert").isHidden()).toBe(true);
      await saveScreenshot(page, "browser-chat-4-stopped");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("sends an image chosen through the file input as a data: URL", async () => {
    const before = mock.requests.length;
    const { context, page, problems } = await openPage(`?base=${encodeURIComponent(mock.baseUrl)}`);
    try {
      await page.getByLabel("Model").selectOption("gpt-4o-mini");
      await saveKey(page, "sk-image-test");
      mock.enqueue(short.body, 5);
      await page.getByLabel("Image (optional)").setInputFiles(path.join(repoRoot, "examples/node/pelican.png"));
      await page.getByLabel("Message").fill("Describe this image");
      await page.getByRole("button", { name: "Send" }).click();
      await expect.poll(() => answerText(page), { timeout: 15_000 }).toBe(short.facts.text);
      await expect.poll(() => page.getByRole("button", { name: "Send" }).isEnabled()).toBe(true);

      expect(mock.requests.length).toBe(before + 1);
      const { body } = mock.requests[before]!;
      expect(body.model).toBe("gpt-4o-mini");
      const [message] = body.messages;
      expect(message.role).toBe("user");
      expect(message.content).toContainEqual({ type: "text", text: "Describe this image" });
      const image = message.content.find((part: any) => part.type === "image_url");
      expect(image?.image_url.url).toBe(`data:image/png;base64,${pelicanPng.toString("base64")}`);
      // The page says what was attached, and clears the input for the next message.
      expect(await page.locator("#messages .attached").last().textContent()).toBe("Attached image: pelican.png");
      expect(await page.getByLabel("Image (optional)").inputValue()).toBe("");
      expect(await page.getByRole("alert").isHidden()).toBe(true);
      await saveScreenshot(page, "browser-chat-5-image");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("runs a tool chain: the multiply call and its result are shown, and its result goes back to the model", async () => {
    const before = mock.requests.length;
    const { context, page, problems } = await openPage(`?base=${encodeURIComponent(mock.baseUrl)}`);
    const [call] = toolCall.facts.tool_calls;
    try {
      await page.getByLabel("Model").selectOption("gpt-4o-mini");
      await saveKey(page, "sk-tool-test");
      mock.enqueue(toolCall.body, 20);
      mock.enqueue(short.body, 20);
      await page.getByLabel("Message").fill("What is 1231 * 2331?");
      await page.getByRole("button", { name: "Send" }).click();
      await expect.poll(() => answerText(page), { timeout: 15_000 }).toBe(short.facts.text);
      await expect.poll(() => page.getByRole("button", { name: "Send" }).isEnabled()).toBe(true);

      const calls = page.locator("#messages .tool-call");
      expect(await calls.count()).toBe(1);
      expect(await calls.locator("code").textContent()).toBe(`multiply(${JSON.stringify(call.arguments)})`);
      expect(await calls.locator(".tool-result").textContent()).toBe(`→ ${1231 * 2331}`);
      expect(await page.getByRole("list", { name: "Tool calls" }).count()).toBe(1);

      expect(mock.requests.length).toBe(before + 2);
      expect(mock.queued).toBe(0);
      const [first, second] = [mock.requests[before]!, mock.requests[before + 1]!];
      expect(first.body.tools).toEqual([
        expect.objectContaining({ type: "function", function: expect.objectContaining({ name: "multiply", description: "Multiply two numbers." }) }),
      ]);
      expect(first.body.messages).toEqual([{ role: "user", content: "What is 1231 * 2331?" }]);
      expect(second.body.messages).toHaveLength(3);
      expect(second.body.messages[1]).toMatchObject({
        role: "assistant",
        tool_calls: [{ id: call.id, type: "function", function: { name: "multiply" } }],
      });
      expect(JSON.parse(second.body.messages[1].tool_calls[0].function.arguments)).toEqual(call.arguments);
      expect(second.body.messages[2]).toEqual({ role: "tool", tool_call_id: call.id, content: String(1231 * 2331) });
      await saveScreenshot(page, "browser-chat-6-tool-chain");

      // From the logs after a reload: one exchange, with the call, its result and the answer.
      await page.reload();
      await ready(page);
      expect(await page.locator("#messages .prompt").allTextContents()).toEqual(["You: What is 1231 * 2331?"]);
      expect(await calls.locator("code").textContent()).toBe(`multiply(${JSON.stringify(call.arguments)})`);
      expect(await calls.locator(".tool-result").textContent()).toBe(`→ ${1231 * 2331}`);
      expect(await answerText(page)).toBe(short.facts.text);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("streams Claude from the page with the key typed in; the reasoning is collapsed; a reload shows it all", async () => {
    const before = mock.requests.length;
    const preflightsBefore = mock.preflightHeaders.length;
    const { context, page, problems } = await openPage(`?anthropic-base=${encodeURIComponent(mock.anthropicBaseUrl)}`);
    const key = "sk-ant-browser-chat-test-81c2";
    const final = claudeThinking.facts.text as string;
    try {
      await page.getByLabel("Model").selectOption("anthropic/claude-sonnet-4-5");
      await saveKey(page, key, "Anthropic key");
      expect(await page.locator("#key-status").textContent()).toBe("Key saved. Stored keys: anthropic.");

      mock.replayAnthropic(claudeThinking.body, 60);
      await page.getByLabel("Message").fill("Two names for a pet pelican, be brief");
      await page.getByRole("button", { name: "Send" }).click();
      await expectStreamedIntoPage(page, before, final);

      const reasoning = page.locator("#messages details.reasoning");
      expect(await reasoning.count()).toBe(1);
      expect(await reasoning.evaluate((details: HTMLDetailsElement) => details.open)).toBe(false);
      expect(await reasoning.locator("summary").textContent()).toBe("Reasoning");
      expect(await reasoning.locator("div").textContent()).toBe(claudeThinking.facts.thinking);

      expect(mock.requests.length).toBe(before + 1);
      const request = mock.requests[before]!;
      expect(request.path).toBe("/v1/messages");
      expect(request.headers["x-api-key"]).toBe(key);
      expect(request.headers["anthropic-dangerous-direct-browser-access"]).toBe("true");
      expect(request.headers["anthropic-version"]).toBe("2023-06-01");
      expect(request.headers.authorization).toBeUndefined();
      expect(request.body).toMatchObject({
        model: "claude-sonnet-4-5",
        stream: true,
        messages: [{ role: "user", content: [{ type: "text", text: "Two names for a pet pelican, be brief" }] }],
      });
      expect(request.ended).toBe(true);
      // The browser asked the mock first whether it may send Anthropic's headers.
      const asked = mock.preflightHeaders.slice(preflightsBefore).join(",");
      expect(asked).toContain("x-api-key");
      expect(asked).toContain("anthropic-dangerous-direct-browser-access");
      expect(await page.locator("body").innerText()).not.toContain(key);
      await saveScreenshot(page, "browser-chat-7-anthropic");

      // After a reload: the model choice, the key's name and the conversation (reasoning still collapsed).
      await page.reload();
      await ready(page);
      expect(await page.getByLabel("Model").inputValue()).toBe("anthropic/claude-sonnet-4-5");
      expect(await page.locator("#key-status").textContent()).toBe("Stored keys: anthropic.");
      expect(await page.locator("#chat-heading").textContent()).toBe("Conversation: Two names for a pet pelican, be brief");
      expect(await page.locator("#messages .prompt").allTextContents()).toEqual(["You: Two names for a pet pelican, be brief"]);
      expect(await answerText(page)).toBe(final);
      expect(await reasoning.evaluate((details: HTMLDetailsElement) => details.open)).toBe(false);
      expect(await reasoning.locator("div").textContent()).toBe(claudeThinking.facts.thinking);
      await saveScreenshot(page, "browser-chat-8-anthropic-reload");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
