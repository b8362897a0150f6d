import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageError } from "../../src/errors.ts";
import { createCloudflareKVStorage, type KVNamespaceLike } from "../../src/storage/cloudflare-kv.ts";
import { startWorkerd, withWorkerd, type WorkerdInstance } from "../helpers/workerd.ts";
import { storageContract, type ContractResult } from "./contract.ts";
import { describeContractResults } from "./describe-contract.ts";

const contractEntry = "test/storage/workerd/contract-entry.ts";
const kvEntry = "test/storage/workerd/kv-entry.ts";

// The whole contract in workerd on a real local KV namespace: one workerd, one
// request per case (as a Worker would see it), a fresh prefix per case.
describeContractResults("cloudflare-kv (workerd)", () =>
  withWorkerd(contractEntry, { kv: true }, async (worker) => {
    const results: ContractResult[] = [];
    for (const [index, { name }] of storageContract.entries()) {
      results.push(...(await worker.run<ContractResult[]>({ case: name, prefix: `case-${index}/` })));
    }
    return results;
  }),
);

type Outcome = { ok: true; value: unknown } | { ok: false; name: string; code: string | null; message: string; cause: string | null };

describe("cloudflare-kv in workerd", () => {
  let worker: WorkerdInstance;
  beforeAll(async () => {
    worker = await startWorkerd(kvEntry, { kv: ["KV"] });
  }, 60_000);
  afterAll(() => worker?.dispose());

  it("data written in the Worker is in the real KV namespace, under the prefixed key, as JSON", async () => {
    const value = { model: "gpt-4o-mini", text: "ünïcødé 🦤", tokens: [1, 2], none: null };
    expect(await worker.run({ task: "write", prefix: "app/", key: "logs/01J/response", value })).toEqual({ ok: true, value: null });
    const kv = await worker.kv("KV");
    expect(await kv.get("app/logs/01J/response", "text")).toBe(JSON.stringify(value));
    expect(await kv.get("logs/01J/response", "text")).toBeNull();
    expect((await kv.list({ prefix: "app/" })).keys.map((key) => key.name)).toEqual(["app/logs/01J/response"]);
  });

  it("data put into KV from outside is read in the Worker; a value that is not JSON is a StorageError", async () => {
    const kv = await worker.kv("KV");
    await kv.put("outside/keys/openai", JSON.stringify("sk-from-node"));
    await kv.put("outside/broken", "{not json");
    expect(await worker.run({ task: "read", prefix: "outside/", key: "keys/openai" })).toEqual({ ok: true, value: "sk-from-node" });
    expect(await worker.run({ task: "keys", prefix: "outside/" })).toEqual({ ok: true, value: ["broken", "keys/openai"] });
    const broken = await worker.run<Outcome>({ task: "read", prefix: "outside/", key: "broken" });
    expect(broken).toMatchObject({ ok: false, name: "StorageError", code: "storage_error" });
    expect(broken.ok || broken.message).toMatch(/outside\/broken.*not JSON/);
  });

  it("the prefix option isolates two storages sharing one namespace", async () => {
    expect(await worker.run({ task: "prefixes" })).toEqual({
      firstGet: "sk-one",
      secondGet: "sk-two",
      firstKeys: ["keys/openai"],
      secondKeys: ["aliases/mini", "keys/openai"],
      firstAliases: [],
      secondAfterFirstDeleted: "sk-two",
      firstAfterDelete: null,
    });
    const kv = await worker.kv("KV");
    expect(await kv.get("app-two/aliases/mini", "text")).toBe('"gpt-4o-mini"');
  });

  it("a key over 512 UTF-8 bytes is a StorageError naming the limit, before KV is asked", async () => {
    const outcome = await worker.run<Outcome>({ task: "long-key", bytes: 600 });
    expect(outcome).toMatchObject({ ok: false, name: "StorageError", code: "storage_error", cause: null });
    expect(outcome.ok || outcome.message).toMatch(/600 bytes.*512 bytes/);
    expect(await worker.run({ task: "long-key", bytes: 512 })).toEqual({ ok: true, value: null });
  });
});

/** A fake namespace in Node, for failures a real one will not produce on demand. */
function fakeNamespace(overrides: Partial<KVNamespaceLike> = {}): KVNamespaceLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    async get(key) {
      return data.get(key) ?? null;
    },
    async put(key, value) {
      data.set(key, value);
    },
    async delete(key) {
      data.delete(key);
    },
    // Pages of 2 keys, so that pagination is exercised with a handful of keys.
    async list({ prefix, cursor }) {
      const names = [...data.keys()].filter((name) => name.startsWith(prefix ?? "")).sort();
      const start = cursor ? Number(cursor) : 0;
      const keys = names.slice(start, start + 2).map((name) => ({ name }));
      return start + 2 >= names.length ? { keys, list_complete: true } : { keys, list_complete: false, cursor: String(start + 2) };
    },
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(StorageError.is(error), `expected a StorageError, got ${String(error)}`).toBe(true);
  return error as StorageError;
}

describe("cloudflare-kv (Node, fake namespace)", () => {
  it("a KV whose put throws gives a StorageError with the cause", async () => {
    const failure = new Error("KV PUT failed: 429 Too Many Requests");
    const storage = createCloudflareKVStorage(fakeNamespace({ put: () => Promise.reject(failure) }), { prefix: "p/" });
    const error = await rejection(storage.set("keys/openai", "sk-secret"));
    expect(error.cause).toBe(failure);
    expect(error.message).toBe('Cloudflare KV could not write "p/keys/openai": KV PUT failed: 429 Too Many Requests');
    expect(error.message).not.toContain("sk-secret");
  });

  it("get, delete and list failures are StorageErrors with the cause", async () => {
    const failure = new TypeError("binding gone");
    const storage = createCloudflareKVStorage(
      fakeNamespace({ get: () => Promise.reject(failure), delete: () => Promise.reject(failure), list: () => Promise.reject(failure) }),
    );
    for (const operation of [storage.get("a"), storage.delete("a"), storage.keys("logs/")]) {
      expect((await rejection(operation)).cause).toBe(failure);
    }
  });

  it("keys() follows the cursor to the end and strips the prefix", async () => {
    const namespace = fakeNamespace();
    const storage = createCloudflareKVStorage(namespace, { prefix: "app/" });
    for (let index = 0; index < 7; index++) await storage.set(`logs/${index}`, index);
    await createCloudflareKVStorage(namespace).set("logs/other-app", 1);
    expect((await storage.keys("logs/")).sort()).toEqual(["logs/0", "logs/1", "logs/2", "logs/3", "logs/4", "logs/5", "logs/6"]);
    expect(namespace.data.get("app/logs/3")).toBe("3");
  });

  it("the prefix counts toward the 512-byte key limit", async () => {
    const storage = createCloudflareKVStorage(fakeNamespace(), { prefix: "prefix/" });
    await storage.set("k".repeat(505), 1);
    const error = await rejection(storage.set("k".repeat(506), 1));
    expect(error.message).toMatch(/513 bytes.*512 bytes per key name \(prefix included\)/);
  });

  it("a value over 25 MiB is a StorageError, and KV is not asked", async () => {
    let puts = 0;
    const storage = createCloudflareKVStorage(fakeNamespace({ put: async () => void puts++ }));
    const error = await rejection(storage.set("big", "€".repeat(9 * 1024 * 1024)));
    expect(error.message).toMatch(/27\.0 MiB.*25 MiB/);
    await storage.set("fits", "x".repeat(20 * 1024 * 1024));
    expect(puts).toBe(1);
  }, 60_000);

  it("a value with no JSON form is a StorageError; undefined removes the key", async () => {
    const namespace = fakeNamespace();
    const storage = createCloudflareKVStorage(namespace);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect((await rejection(storage.set("cyclic", cyclic))).cause).toBeInstanceOf(TypeError);
    await rejection(storage.set("big-int", 1n));
    await storage.set("gone", 1);
    await storage.set("gone", undefined);
    expect(namespace.data.has("gone")).toBe(false);
  });

  it("a missing binding is a StorageError that says what to check", () => {
    expect(() => createCloudflareKVStorage(undefined as unknown as KVNamespaceLike)).toThrow(/KV namespace binding, such as env\.KV/);
  });
});
