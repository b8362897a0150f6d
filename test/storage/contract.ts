/**
 * The storage contract: what every adapter (memory, fs, IndexedDB, Cloudflare
 * KV, an unstorage storage) must do. Framework-free so that the same cases run
 * in Node (through `describeContract`), in Chromium and in workerd (bundled,
 * through `runContract`).
 *
 * Callers pass prefixes that end with `/` (or none): `keys("logs/")`.
 */
import type { Storage } from "../../src/spec/storage.ts";

export interface ContractCase {
  name: string;
  run: (storage: Storage) => Promise<void>;
}

export interface ContractResult {
  name: string;
  ok: boolean;
  error?: string;
}

function fail(message: string): never {
  throw new Error(message);
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

const sorted = (list: string[]) => [...list].sort();

/** Keys users can pick (alias and key names) that are awkward for files, URLs and unstorage. */
export const awkwardNames = ["llama3:8b", "my key", "a?b", "café", "100%", "x#y", "back\\slash", "dot.", "..", "CON", "Upper", "upper"];

export const storageContract: ContractCase[] = [
  {
    name: "a missing key reads as undefined",
    async run(storage) {
      same(await storage.get("contract/missing"), undefined, "get of a missing key");
    },
  },
  {
    name: "JSON values round-trip",
    async run(storage) {
      const values: Record<string, unknown> = {
        string: "sk-ünïcødé 🦤",
        empty: "",
        number: 42.5,
        zero: 0,
        falsy: false,
        null: null,
        array: [1, "two", { three: [3] }],
        object: { nested: { deep: ["x", null, true] }, "key with spaces": 1 },
        big: "x".repeat(200_000),
      };
      for (const [name, value] of Object.entries(values)) await storage.set(`contract/values/${name}`, value);
      for (const [name, value] of Object.entries(values)) same(await storage.get(`contract/values/${name}`), value, `value ${name}`);
    },
  },
  {
    name: "set replaces the earlier value",
    async run(storage) {
      await storage.set("contract/replace", { a: 1 });
      await storage.set("contract/replace", "second");
      same(await storage.get("contract/replace"), "second", "after replacing");
    },
  },
  {
    name: "a stored value is a copy",
    async run(storage) {
      const value = { list: [1] };
      await storage.set("contract/copy", value);
      value.list.push(2);
      const read = await storage.get<{ list: number[] }>("contract/copy");
      same(read, { list: [1] }, "after mutating the object given to set");
      read!.list.push(3);
      same(await storage.get("contract/copy"), { list: [1] }, "after mutating the object get returned");
    },
  },
  {
    name: "delete removes, and deleting a missing key is not an error",
    async run(storage) {
      await storage.set("contract/delete/a", 1);
      await storage.delete("contract/delete/a");
      same(await storage.get("contract/delete/a"), undefined, "after delete");
      await storage.delete("contract/delete/never-set");
      same(await storage.keys("contract/delete/"), [], "keys after delete");
    },
  },
  {
    name: "keys(prefix) lists exactly the keys under the prefix",
    async run(storage) {
      await storage.set("contract/list/a", 1);
      await storage.set("contract/list/b/c", 2);
      await storage.set("contract/list-other/d", 3);
      await storage.set("contract/lis/e", 4);
      same(sorted(await storage.keys("contract/list/")), ["contract/list/a", "contract/list/b/c"], "keys('contract/list/')");
      same(sorted(await storage.keys("contract/list/b/")), ["contract/list/b/c"], "keys('contract/list/b/')");
      const all = await storage.keys();
      for (const key of ["contract/list/a", "contract/list/b/c", "contract/list-other/d", "contract/lis/e"]) {
        if (!all.includes(key)) fail(`keys() misses ${key}`);
      }
      same(await storage.keys("contract/nothing-here/"), [], "keys of an empty prefix");
    },
  },
  {
    name: "keys(prefix, { before, last }) holds at least what the caller keeps",
    async run(storage) {
      const ids = ["01a", "01b", "01c", "01d", "01e", "01f"];
      for (const id of ids) await storage.set(`contract/ordered/${id}`, id);
      await storage.set("contract/ordered-other/01z", "x");
      // What a caller keeps: sorted, below `before`, the last `last` of them.
      const keep = (keys: string[], before: string | undefined, last: number) =>
        keys
          .filter((key) => key.startsWith("contract/ordered/") && (before === undefined || key < `contract/ordered/${before}`))
          .sort()
          .slice(-last);
      same(keep(await storage.keys("contract/ordered/", { last: 2 }), undefined, 2), ["contract/ordered/01e", "contract/ordered/01f"], "last 2");
      same(keep(await storage.keys("contract/ordered/", { before: "01d", last: 2 }), "01d", 2), ["contract/ordered/01b", "contract/ordered/01c"], "last 2 before 01d");
      same(keep(await storage.keys("contract/ordered/", { before: "01a", last: 5 }), "01a", 5), [], "nothing before the first");
      same(sorted(await storage.keys("contract/ordered/", {})), ids.map((id) => `contract/ordered/${id}`), "empty options list everything");
    },
  },
  {
    name: "a key can also be the start of longer keys",
    async run(storage) {
      await storage.set("contract/nest/a", "leaf");
      await storage.set("contract/nest/a/b", "below");
      same(await storage.get("contract/nest/a"), "leaf", "the shorter key");
      same(await storage.get("contract/nest/a/b"), "below", "the longer key");
      same(sorted(await storage.keys("contract/nest/")), ["contract/nest/a", "contract/nest/a/b"], "both listed");
      await storage.delete("contract/nest/a");
      same(await storage.get("contract/nest/a/b"), "below", "the longer key after deleting the shorter");
    },
  },
  {
    name: "awkward names round-trip through set, get and keys",
    async run(storage) {
      for (const name of awkwardNames) await storage.set(`contract/awkward/${name}`, `value of ${name}`);
      for (const name of awkwardNames) same(await storage.get(`contract/awkward/${name}`), `value of ${name}`, `get ${name}`);
      same(sorted(await storage.keys("contract/awkward/")), sorted(awkwardNames.map((name) => `contract/awkward/${name}`)), "keys");
    },
  },
  {
    name: "concurrent writes of different keys all land",
    async run(storage) {
      const count = 50;
      await Promise.all(Array.from({ length: count }, (_, index) => storage.set(`contract/concurrent/${String(index).padStart(3, "0")}`, { index })));
      const keys = sorted(await storage.keys("contract/concurrent/"));
      same(keys.length, count, "number of keys");
      const values = await Promise.all(keys.map((key) => storage.get<{ index: number }>(key)));
      same(values.map((value) => value?.index), Array.from({ length: count }, (_, index) => index), "values");
    },
  },
  {
    name: "more than a thousand keys are all listed",
    async run(storage) {
      const count = 1_234;
      for (let start = 0; start < count; start += 100) {
        const batch = Array.from({ length: Math.min(100, count - start) }, (_, offset) => start + offset);
        await Promise.all(batch.map((index) => storage.set(`contract/many/${String(index).padStart(5, "0")}`, index)));
      }
      const keys = await storage.keys("contract/many/");
      same(keys.length, count, "number of keys");
      same(new Set(keys).size, count, "distinct keys");
    },
  },
];

/** Runs every case (of `cases`, by default the storage contract) on a fresh storage each; never throws. */
export async function runContract(
  make: () => Storage | Promise<Storage>,
  only?: (name: string) => boolean,
  cases: readonly ContractCase[] = storageContract,
): Promise<ContractResult[]> {
  const results: ContractResult[] = [];
  for (const { name, run } of cases) {
    if (only && !only(name)) continue;
    try {
      await run(await make());
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  return results;
}
