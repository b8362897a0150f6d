import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as z from "zod";
import * as llm from "../../src/index.ts";
import type { Storage } from "../../src/spec/storage.ts";
import { scriptedAdapter } from "../helpers/scripted-adapter.ts";

let storage: Storage;
beforeEach(async () => {
  storage = llm.createMemoryStorage();
  await llm.configure({ env: {}, storage, log: true, fetch: () => Promise.reject(new Error("no fetch in these tests")) });
});
afterEach(async () => {
  await llm.configure({ log: false });
});

const echo = () => llm.getModel("echo");
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe("logging with configure({ log: true })", () => {
  it("logs a finished response with everything the issue lists", async () => {
    const response = echo().prompt("Five names for a pelican", { system: "Be brief", options: { example_bool: true } });
    const text = await response.text();
    await response.logged;
    const [entry] = await llm.logs.list();
    expect(entry).toMatchObject({
      id: response.id,
      conversationId: response.id,
      model: "echo",
      resolvedModel: "echo",
      prompt: "Five names for a pelican",
      system: "Be brief",
      options: { example_bool: true },
      fragments: [],
      systemFragments: [],
      attachments: [],
      text,
      toolCalls: [],
      toolResults: [],
      datetimeUtc: response.datetimeUtc(),
    });
    expect(entry!.durationMs).toBe(await response.durationMs());
    expect(entry!.id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(await llm.logs.get(response.id)).toEqual(entry);
  });

  it("text() resolves after the entry is written", async () => {
    const response = echo().prompt("hi");
    await response.text();
    expect(await storage.get(`logs/responses/${response.id}`)).toBeDefined();
  });

  it("stores fragments and system fragments once, by hash, and refers to them by id", async () => {
    const readme = llm.fragment("# A readme\nwith two lines", { source: "README.md" });
    await echo().prompt("Summarise", { fragments: [readme, "plain text fragment"], systemFragments: [readme] }).text();
    await echo().prompt("Again", { fragments: [readme] }).text();
    const [second, first] = await llm.logs.list();
    const readmeId = await readme.id();
    expect(first!.fragments).toEqual([readmeId, expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(first!.systemFragments).toEqual([readmeId]);
    expect(second!.fragments).toEqual([readmeId]);
    expect(await llm.logs.fragment(readmeId)).toEqual({ id: readmeId, content: readme.text, source: "README.md" });
    expect((await storage.keys("logs/fragments/")).length).toBe(2);
    expect(first!.prompt).toBe(`${readme.text}\nplain text fragment\nSummarise`);
  });

  it("stores a schema once and attachments by id, with a content attachment's bytes under the cap", async () => {
    const Dog = z.object({ name: z.string() });
    const image = llm.attachment({ content: png });
    const response = echo().prompt(JSON.stringify({ raw: '{"name": "Rex"}' }), { schema: Dog, attachments: [image, llm.attachment({ url: "https://example.com/a.png", type: "image/png" })] });
    expect(await response.object()).toEqual({ name: "Rex" });
    await echo().prompt("again", { schema: Dog }).text();
    const [, entry] = await llm.logs.list();
    expect(entry!.schemaId).toMatch(/^[0-9a-f]{64}$/);
    expect(await llm.logs.schema(entry!.schemaId!)).toMatchObject({ type: "object", properties: { name: { type: "string" } } });
    expect((await storage.keys("logs/schemas/")).length).toBe(1);
    expect(entry!.attachments).toEqual([
      { id: await image.id(), type: "image/png" },
      { id: expect.stringMatching(/^[0-9a-f]{64}$/), type: "image/png", url: "https://example.com/a.png" },
    ]);
    expect(await storage.get(`logs/attachments/${await image.id()}`)).toEqual({ id: await image.id(), type: "image/png", content: await image.base64() });
  });

  it("keeps only the id and type of a content attachment above maxAttachmentBytes", async () => {
    await llm.configure({ log: { maxAttachmentBytes: 8 } });
    const image = llm.attachment({ content: png });
    await echo().prompt("look", { attachments: [image] }).text();
    expect(await storage.get(`logs/attachments/${await image.id()}`)).toEqual({ id: await image.id(), type: "image/png" });
  });

  it("logs each round of a tool chain, with the tool calls and the tool results, in one conversation", async () => {
    const upper = llm.tool({ name: "upper", parameters: z.object({ text: z.string() }), execute: ({ text }) => text.toUpperCase() });
    const chain = echo().chain(JSON.stringify({ tool_calls: [{ name: "upper", arguments: { text: "panda" } }] }), { tools: [upper] });
    await chain.text();
    const entries = (await llm.logs.list()).reverse();
    expect(entries).toHaveLength(2);
    expect(entries[0]!.toolCalls).toEqual([{ name: "upper", arguments: { text: "panda" }, toolCallId: expect.any(String) }]);
    expect(entries[1]!.toolResults).toEqual([{ toolCallId: entries[0]!.toolCalls[0]!.toolCallId, name: "upper", output: "PANDA" }]);
    expect(entries[1]!.conversationId).toBe(entries[0]!.id);
    expect(entries[1]!.prompt).toBe("");
  });

  it("logs a conversation's turns under its id and names it after the first prompt", async () => {
    const conversation = echo().conversation();
    await conversation.prompt("Five fun facts about pelicans").text();
    await conversation.prompt("Same with pangolins").text();
    const entries = await llm.logs.list({ conversationId: conversation.id });
    expect(entries.map((entry) => entry.prompt)).toEqual(["Same with pangolins", "Five fun facts about pelicans"]);
    expect(await llm.logs.conversations()).toEqual([{ id: conversation.id, name: "Five fun facts about pelicans", model: "echo", datetimeUtc: entries[1]!.datetimeUtc }]);
  });

  it("writes fragments and conversations again into a new storage configured while logging", async () => {
    const readme = llm.fragment("shared text");
    const conversation = echo().conversation();
    await conversation.prompt("one", { fragments: [readme] }).text();
    const second = llm.createMemoryStorage();
    await llm.configure({ storage: second });
    await conversation.prompt("two", { fragments: [readme] }).text();
    expect(await llm.logs.fragment(await readme.id())).toMatchObject({ content: "shared text" });
    expect((await llm.logs.conversations()).map((entry) => entry.id)).toEqual([conversation.id]);
  });

  it("never logs a key", async () => {
    const secret = "sk-secret-never-logged-123";
    const { adapter } = scriptedAdapter({ parts: [{ type: "text-delta", text: "ok" }] }, { modelId: "needs-key" });
    llm.registerModels((register) => register(adapter));
    const model = llm.getModel("needs-key");
    await model.prompt("hi", { key: secret }).text();
    model.key = secret;
    await model.prompt("hi again").text();
    await llm.setKey("scripted", secret);
    const dump = JSON.stringify(await Promise.all((await storage.keys("logs/")).map(async (key) => [key, await storage.get(key)])));
    expect(dump).toContain("hi again");
    expect(dump).not.toContain(secret);
    model.key = undefined;
  });

  it("does not log failed responses, and stops with log: false", async () => {
    const failing = echo().prompt("x", { signal: AbortSignal.abort(new Error("stop")) });
    await expect(failing.text()).rejects.toThrow("stop");
    await expect(failing.logged).resolves.toBeUndefined();
    await llm.configure({ log: false });
    await echo().prompt("not logged").text();
    expect(await llm.logs.list()).toEqual([]);
  });
});

describe("a storage that fails never costs the answer", () => {
  const broken = (base: Storage): Storage => ({ ...base, set: async () => Promise.reject(new DOMException("The quota has been exceeded.", "QuotaExceededError")) });

  it("streams the whole text, then reports a StorageError through logged and onError", async () => {
    const onError = vi.fn();
    await llm.configure({ storage: broken(llm.createMemoryStorage()), log: { onError } });
    const response = echo().prompt("still answered");
    const chunks: string[] = [];
    for await (const chunk of response) chunks.push(chunk);
    expect(chunks.join("")).toContain("still answered");
    expect(await response.text()).toContain("still answered");
    const error = await response.logged.then(() => undefined, (failure: unknown) => failure);
    expect(llm.StorageError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/Could not log response .*quota/i);
    expect(onError).toHaveBeenCalledWith(error, response);
  });

  it("without onError, warns once per failure on the console and raises no unhandled rejection", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await llm.configure({ storage: broken(llm.createMemoryStorage()), log: true });
    await echo().prompt("ok").text();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/llm-anywhere: Could not log response/);
    warn.mockRestore();
  });

  it("logged resolves at once when logging is off", async () => {
    await llm.configure({ log: false });
    const response = echo().prompt("x");
    await expect(response.logged).resolves.toBeUndefined();
  });
});
