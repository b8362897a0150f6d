import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import { createFsStorage } from "../../src/storage/fs.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "llm-user-dir-"));
});
afterEach(async () => {
  await llm.configure({ storage: llm.createMemoryStorage(), log: false });
  await rm(dir, { recursive: true, force: true });
});

describe("a Python llm user directory, shared through createFsStorage()", () => {
  it("uses the keys, aliases, default model and extra OpenAI models the Python library wrote", async () => {
    // Written the way the Python library writes them.
    await writeFile(join(dir, "keys.json"), '{\n  "// Note": "This file stores secret API credentials. Do not share!",\n  "openai": "sk-from-python"\n}\n', { mode: 0o600 });
    await writeFile(join(dir, "aliases.json"), '{\n    "fast": "gpt-4.1-nano"\n}\n');
    await writeFile(join(dir, "default_model.txt"), "gpt-4o");
    await writeFile(
      join(dir, "extra-openai-models.yaml"),
      "- model_id: local-llama\n  model_name: llama3.2\n  api_base: \"http://127.0.0.1:11434/v1\"\n  aliases: [ll]\n",
    );
    const seen: Array<{ url: string; auth: string | null; model: unknown }> = [];
    await llm.configure({
      env: {},
      storage: createFsStorage({ dir }),
      fetch: async (url, init) => {
        seen.push({ url: String(url), auth: new Headers(init?.headers).get("authorization"), model: JSON.parse(String(init?.body)).model });
        return new Response('{"choices":[{"message":{"content":"ok"},"finish_reason":"stop"}]}', { headers: { "content-type": "application/json" } });
      },
    });
    expect(llm.getDefaultModel()).toBe("gpt-4o");
    expect(llm.getModel("fast").modelId).toBe("gpt-4.1-nano");
    await llm.getModel().prompt("hi", { stream: false }).text();
    await llm.getModel("ll").prompt("hi", { stream: false }).text();
    expect(seen).toEqual([
      { url: "https://api.openai.com/v1/chat/completions", auth: "Bearer sk-from-python", model: "gpt-4o" },
      { url: "http://127.0.0.1:11434/v1/chat/completions", auth: null, model: "llama3.2" },
    ]);
    expect(await llm.listKeys()).toEqual(["openai"]);
  });

  it("writes keys, aliases and the default model in the Python library's formats", async () => {
    await llm.configure({ env: {}, storage: createFsStorage({ dir }) });
    await llm.setKey("openai", "sk-new");
    await llm.setAlias("mini", "4o-mini");
    await llm.setDefaultModel("echo");
    expect(await readFile(join(dir, "keys.json"), "utf8")).toBe(
      '{\n  "// Note": "This file stores secret API credentials. Do not share!",\n  "openai": "sk-new"\n}\n',
    );
    expect((await stat(join(dir, "keys.json"))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, "aliases.json"), "utf8")).toBe('{\n    "mini": "gpt-4o-mini"\n}\n');
    expect(await readFile(join(dir, "default_model.txt"), "utf8")).toBe("echo");
  });

  it("logs into the same directory and continues a conversation after a restart", async () => {
    await llm.configure({ env: {}, storage: createFsStorage({ dir }), log: true });
    const conversation = llm.getModel("echo").conversation();
    await conversation.prompt("first").text();
    await llm.configure({ storage: createFsStorage({ dir }) });
    const loaded = await llm.loadConversation(conversation.id);
    const answer = JSON.parse(await loaded.prompt("second").text());
    expect(answer.previous).toEqual([{ prompt: "first" }]);
    expect((await llm.logs.list()).map((entry) => entry.prompt)).toEqual(["second", "first"]);
  });
});
