import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../../src/index.ts";
import type { Storage } from "../../src/spec/storage.ts";

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

/** What echo was sent, from its JSON answer. */
const asked = async (response: { text(): Promise<string> }) => JSON.parse(await response.text()) as Record<string, any>;

describe("llm.loadConversation()", () => {
  it("continues a logged conversation with its whole history, as if the page had reloaded", async () => {
    const conversation = echo().conversation();
    await conversation.prompt("Five fun facts about pelicans", { system: "Be brief" }).text();
    await conversation.prompt("Same with pangolins").text();
    const originalIds = conversation.responses.map((response) => response.id);

    // A "reload": a new storage object over the same data, logging on.
    await llm.configure({ storage, log: true });
    const loaded = await llm.loadConversation(conversation.id);
    expect(loaded.id).toBe(conversation.id);
    expect(loaded.model.modelId).toBe("echo");
    expect(loaded.responses.map((response) => response.id)).toEqual(originalIds);
    expect(await loaded.responses[0]!.text()).toBe(await conversation.responses[0]!.text());

    const next = loaded.prompt("And armadillos?");
    expect((await asked(next)).previous).toEqual([{ prompt: "Five fun facts about pelicans" }, { prompt: "Same with pangolins" }]);
    await next.logged;
    // The restored turns are not logged again; the new one joins the same conversation.
    const entries = await llm.logs.list({ conversationId: conversation.id });
    expect(entries.map((entry) => entry.prompt)).toEqual(["And armadillos?", "Same with pangolins", "Five fun facts about pelicans"]);
    expect((await llm.logs.conversations()).map((entry) => entry.name)).toEqual(["Five fun facts about pelicans"]);
  });

  it("restores tool calls and tool results, so the next turn sends them back", async () => {
    const upper = llm.tool({ name: "upper", parameters: z.object({ text: z.string() }), execute: ({ text }) => text.toUpperCase() });
    const conversation = echo().conversation({ tools: [upper] });
    await conversation.chain(JSON.stringify({ tool_calls: [{ name: "upper", arguments: { text: "panda" } }] })).text();
    const loaded = await llm.loadConversation(conversation.id, { tools: [upper] });
    expect(loaded.responses).toHaveLength(2);
    expect(await loaded.responses[0]!.toolCalls()).toEqual(await conversation.responses[0]!.toolCalls());

    let sent: readonly llm.Message[] = [];
    const spy: llm.ModelAdapter = { ...echo().adapter, modelId: "echo-spy", execute: (call) => ((sent = call.messages), echo().adapter.execute(call)) };
    llm.registerModels((register) => register(spy));
    const again = await llm.loadConversation(conversation.id, { model: "echo-spy" });
    await again.prompt("next").text();
    const parts = sent.flatMap((message) => message.parts.map((part) => `${message.role}:${part.type}`));
    expect(parts).toEqual(["user:text", "assistant:text", "assistant:tool-call", "tool:tool-result", "assistant:text", "user:text"]);
    const result = sent[2]!.parts[0] as llm.ToolResultPart;
    expect(result).toMatchObject({ name: "upper", output: "PANDA" });
  });

  it("sends a logged content attachment again from its stored bytes", async () => {
    const conversation = echo().conversation();
    const image = llm.attachment({ content: png });
    await conversation.prompt("What is this?", { attachments: [image] }).text();
    let sent: readonly llm.Message[] = [];
    const spy: llm.ModelAdapter = { ...echo().adapter, modelId: "echo-spy-2", execute: (call) => ((sent = call.messages), echo().adapter.execute(call)) };
    llm.registerModels((register) => register(spy));
    await (await llm.loadConversation(conversation.id, { model: "echo-spy-2" })).prompt("And now?").text();
    const part = sent[0]!.parts[1] as llm.AttachmentPart;
    expect(part.type).toBe("attachment");
    expect(part.attachment.type).toBe("image/png");
    expect(await part.attachment.bytes()).toEqual(png);
    expect(await part.attachment.id()).toBe(await image.id());
  });

  it("a Conversation made from finished responses lists them at once", async () => {
    const done = echo().prompt("earlier");
    await done.text();
    const conversation = new llm.Conversation(echo(), { id: "01custom", responses: [done] });
    expect(conversation.responses).toEqual([done]);
    expect(done.conversationId).toBe("01custom");
    expect((await asked(conversation.prompt("later"))).previous).toEqual([{ prompt: "earlier" }]);
  });

  it("throws a StorageError for an id with no logged responses", async () => {
    await expect(llm.loadConversation("01nosuchconversation00000")).rejects.toSatisfy(
      (error: unknown) => llm.NotFoundError.is(error) && /No logged conversation with id 01nosuchconversation00000/.test((error as Error).message),
    );
  });

  it("throws UnknownModelError when the logged model is not registered here", async () => {
    const conversation = echo().conversation();
    await conversation.prompt("hi").text();
    const id = (await llm.logs.list())[0]!.id;
    const entry = (await storage.get<llm.LogEntry>(`logs/responses/${id}`))!;
    await storage.set(`logs/responses/${id}`, { ...entry, model: "not-registered-here" });
    await expect(llm.loadConversation(conversation.id)).rejects.toThrow("Unknown model: not-registered-here");
  });
});

describe("llm.logs.list()", () => {
  it("pages newest first with before, and filters by model and query", async () => {
    for (let index = 0; index < 7; index++) await echo().prompt(`prompt number ${index}${index % 3 === 0 ? " pelican" : ""}`).text();
    const first = await llm.logs.list({ limit: 3 });
    expect(first.map((entry) => entry.prompt)).toEqual(["prompt number 6 pelican", "prompt number 5", "prompt number 4"]);
    const second = await llm.logs.list({ limit: 3, before: first.at(-1)!.id });
    expect(second.map((entry) => entry.prompt)).toEqual(["prompt number 3 pelican", "prompt number 2", "prompt number 1"]);
    expect((await llm.logs.list({ query: "PELICAN" })).map((entry) => entry.prompt)).toEqual(["prompt number 6 pelican", "prompt number 3 pelican", "prompt number 0 pelican"]);
    expect(await llm.logs.list({ model: "gpt-4o-mini" })).toEqual([]);
    expect((await llm.logs.list({ model: "echo", limit: 100 })).length).toBe(7);
  });
});
