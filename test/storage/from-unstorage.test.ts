import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStorage } from "unstorage";
import fsDriver from "unstorage/drivers/fs";
import memoryDriver from "unstorage/drivers/memory";
import { afterAll, describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import { fromUnstorage } from "../../src/storage/from-unstorage.ts";
import { describeContract } from "./describe-contract.ts";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeContract("unstorage (memory driver)", () => fromUnstorage(createStorage({ driver: memoryDriver() })));
describeContract("unstorage (fs driver, real temp directory)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "llm-unstorage-"));
  dirs.push(dir);
  return fromUnstorage(createStorage({ driver: fsDriver({ base: dir }) }));
}, { except: { "a key can also be the start of longer keys": "unstorage's fs driver makes a key's file and a longer key's folder the same path" } });

describe("an unstorage storage passed to configure as it is", () => {
  it("holds keys, aliases and logs, and strings that look like JSON stay strings", async () => {
    const unstorage = createStorage({ driver: memoryDriver() });
    await llm.configure({ env: {}, storage: unstorage, log: true });
    await llm.setKey("openai", "true");
    await llm.setAlias("llama3:8b", "echo");
    expect(await llm.getKey("openai")).toBe("true");
    expect(llm.getModel("llama3:8b").modelId).toBe("echo");
    const response = llm.getModel("llama3:8b").prompt("hi");
    await response.text();
    await response.logged;
    expect((await llm.logs.list())[0]!.id).toBe(response.id);
    expect(await unstorage.getKeys("aliases")).toEqual(["aliases:llama3%3A8b"]);
    await llm.configure({ storage: llm.createMemoryStorage(), log: false });
  });

  it("an fs driver gets one file per key", async () => {
    const dir = await mkdtemp(join(tmpdir(), "llm-unstorage-"));
    dirs.push(dir);
    const storage = fromUnstorage(createStorage({ driver: fsDriver({ base: dir }) }));
    await storage.set("logs/responses/01abc", { text: "hi" });
    expect(await readdir(join(dir, "logs", "responses"))).toEqual(["01abc"]);
  });

  it("the SDK's own keys never need a key that is also a folder, so unstorage's fs driver is enough for it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "llm-unstorage-"));
    dirs.push(dir);
    await llm.configure({ env: {}, storage: createStorage({ driver: fsDriver({ base: dir }) }), log: true });
    const conversation = llm.getModel("echo").conversation();
    await conversation.prompt("one", { fragments: [llm.fragment("a fragment")] }).text();
    await conversation.prompt("two").text();
    expect((await llm.loadConversation(conversation.id)).responses).toHaveLength(2);
    expect(await readdir(join(dir, "logs"))).toEqual(["conversations", "fragments", "responses", "turns"]);
    await llm.configure({ storage: llm.createMemoryStorage(), log: false });
  });
});
