import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StorageError } from "../../src/errors.ts";
import { createFsStorage, decodeSegment, encodeSegment } from "../../src/storage/fs.ts";
import { repoRoot } from "../helpers/fixtures.ts";
import { describeContract } from "./describe-contract.ts";

const made: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "llm-anywhere-fs-"));
  made.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeContract("fs", async () => createFsStorage({ dir: await freshDir() }));

/** keys.json exactly as the Python llm writes it: json.dumps(obj, indent=2) + "\n", the note first. */
const pythonKeysJson = `{
  "// Note": "This file stores secret API credentials. Do not share!",
  "openai": "sk-python-1",
  "anthropic": "sk-ant-python"
}
`;
/** aliases.json as the Python llm writes it: json.dumps(obj, indent=4) + "\n". */
const pythonAliasesJson = `{
    "4o": "gpt-4o",
    "claude": "claude-3.5-sonnet"
}
`;

const mode = async (file: string) => (await stat(file)).mode & 0o777;

async function expectStorageError(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(StorageError.is(error)).toBe(true);
  return error as StorageError;
}

describe("fs storage: keys.json", () => {
  it("reads the Python llm's keys.json, never listing the note", async () => {
    const dir = await freshDir();
    await writeFile(path.join(dir, "keys.json"), pythonKeysJson);
    const storage = createFsStorage({ dir });
    expect(await storage.get("keys/openai")).toBe("sk-python-1");
    expect(await storage.get("keys/missing")).toBeUndefined();
    expect(await storage.get("keys/// Note")).toBeUndefined();
    expect((await storage.keys("keys/")).sort()).toEqual(["keys/anthropic", "keys/openai"]);
  });

  it("creates keys.json as Python does: the note first, 2-space indent, \\u escapes, mode 600", async () => {
    const dir = await freshDir();
    const storage = createFsStorage({ dir: path.join(dir, "nested", "user") });
    await storage.set("keys/openai", "sk-ünï 🦤");
    const file = path.join(dir, "nested", "user", "keys.json");
    expect(await readFile(file, "utf8")).toBe(
      `{\n  "// Note": "This file stores secret API credentials. Do not share!",\n  "openai": "sk-\\u00fcn\\u00ef \\ud83e\\udda4"\n}\n`,
    );
    expect(await mode(file)).toBe(0o600);
    expect(await storage.get("keys/openai")).toBe("sk-ünï 🦤");
  });

  it("updates in place, keeps the order (even of number-like names) and keeps mode 600", async () => {
    const dir = await freshDir();
    const file = path.join(dir, "keys.json");
    await writeFile(file, pythonKeysJson.replace('"anthropic"', '"2024"'), { mode: 0o644 });
    await chmod(file, 0o644);
    const storage = createFsStorage({ dir });
    await storage.set("keys/openai", "sk-new");
    await storage.set("keys/gemini", "g-key");
    expect(await readFile(file, "utf8")).toBe(`{
  "// Note": "This file stores secret API credentials. Do not share!",
  "openai": "sk-new",
  "2024": "sk-ant-python",
  "gemini": "g-key"
}
`);
    expect(await mode(file)).toBe(0o600);
    await storage.delete("keys/2024");
    await storage.delete("keys/never-set");
    expect(await readFile(file, "utf8")).toBe(`{
  "// Note": "This file stores secret API credentials. Do not share!",
  "openai": "sk-new",
  "gemini": "g-key"
}
`);
    expect(await mode(file)).toBe(0o600);
  });

  it("keeps a keys.json without the note as it is, and never adds one", async () => {
    const dir = await freshDir();
    const file = path.join(dir, "keys.json");
    await writeFile(file, '{"openai": "a"}');
    await createFsStorage({ dir }).set("keys/mistral", "b");
    expect(await readFile(file, "utf8")).toBe('{\n  "openai": "a",\n  "mistral": "b"\n}\n');
  });

  it("loses nothing when many keys are set at once", async () => {
    const dir = await freshDir();
    const storage = createFsStorage({ dir });
    const other = createFsStorage({ dir }); // a second storage on the same directory shares the queue
    await Promise.all(Array.from({ length: 60 }, (_, index) => (index % 2 ? storage : other).set(`keys/k${index}`, `v${index}`)));
    expect((await storage.keys("keys/")).length).toBe(60);
    const parsed = JSON.parse(await readFile(path.join(dir, "keys.json"), "utf8"));
    expect(Object.keys(parsed)[0]).toBe("// Note");
    expect(parsed.k59).toBe("v59");
  });

  it("refuses non-string keys and the note's name", async () => {
    const storage = createFsStorage({ dir: await freshDir() });
    await expectStorageError(storage.set("keys/openai", 42));
    await expectStorageError(storage.set("keys/// Note", "x"));
  });

  it("a corrupt keys.json is a StorageError naming the file, without its contents, and is left alone", async () => {
    const dir = await freshDir();
    const file = path.join(dir, "keys.json");
    const corrupt = '{"openai": sk-very-secret-value';
    await writeFile(file, corrupt);
    const storage = createFsStorage({ dir });
    for (const attempt of [() => storage.get("keys/openai"), () => storage.keys("keys/"), () => storage.keys(), () => storage.set("keys/openai", "x")]) {
      const error = await expectStorageError(attempt());
      expect(error.message).toContain(file);
      expect(error.message).not.toContain("secret");
      expect(String(error.cause ?? "")).not.toContain("secret");
    }
    expect(await readFile(file, "utf8")).toBe(corrupt);
    // Other keys still work.
    await storage.set("logs/a", 1);
    expect(await storage.keys("logs/")).toEqual(["logs/a"]);
  });

  it("a keys.json that is not an object is a StorageError", async () => {
    const dir = await freshDir();
    await writeFile(path.join(dir, "keys.json"), "[1, 2]");
    await expectStorageError(createFsStorage({ dir }).get("keys/openai"));
  });
});

describe("fs storage: aliases.json", () => {
  it("reads and writes the Python llm's aliases.json with a 4-space indent", async () => {
    const dir = await freshDir();
    const file = path.join(dir, "aliases.json");
    await writeFile(file, pythonAliasesJson);
    const storage = createFsStorage({ dir });
    expect(await storage.get("aliases/4o")).toBe("gpt-4o");
    expect((await storage.keys("aliases/")).sort()).toEqual(["aliases/4o", "aliases/claude"]);
    await storage.set("aliases/mini", "gpt-4o-mini");
    await storage.set("aliases/café", "llama3:8b");
    expect(await readFile(file, "utf8")).toBe(`{
    "4o": "gpt-4o",
    "claude": "claude-3.5-sonnet",
    "mini": "gpt-4o-mini",
    "caf\\u00e9": "llama3:8b"
}
`);
    expect(await storage.get("aliases/café")).toBe("llama3:8b");
    for (const alias of ["4o", "claude", "mini", "café"]) await storage.delete(`aliases/${alias}`);
    expect(await readFile(file, "utf8")).toBe("{}\n");
    expect(await storage.keys("aliases/")).toEqual([]);
  });

  it("creates aliases.json on the first alias, and deleting from a missing file creates nothing", async () => {
    const dir = await freshDir();
    const storage = createFsStorage({ dir });
    await storage.delete("aliases/nothing");
    expect(await readdir(dir)).toEqual([]);
    await storage.set("aliases/mini", "gpt-4o-mini");
    expect(await readFile(path.join(dir, "aliases.json"), "utf8")).toBe('{\n    "mini": "gpt-4o-mini"\n}\n');
  });

  it("awkward alias names round-trip and concurrent updates all land", async () => {
    const storage = createFsStorage({ dir: await freshDir() });
    const names = ["llama3:8b", "a?b", "100%", "..", "CON", "Upper", "upper", "a/b", "__proto__", "1"];
    await Promise.all(names.map((name) => storage.set(`aliases/${name}`, `model-${name}`)));
    for (const name of names) expect(await storage.get(`aliases/${name}`)).toBe(`model-${name}`);
    expect((await storage.keys("aliases/")).sort()).toEqual(names.map((name) => `aliases/${name}`).sort());
  });

  it("a corrupt aliases.json is a StorageError naming the file", async () => {
    const dir = await freshDir();
    await writeFile(path.join(dir, "aliases.json"), "{nope");
    const error = await expectStorageError(createFsStorage({ dir }).get("aliases/x"));
    expect(error.message).toContain(path.join(dir, "aliases.json"));
  });
});

describe("fs storage: default models and extra-openai-models.yaml", () => {
  it("maps the default models to default_model.txt and default_embedding_model.txt", async () => {
    const dir = await freshDir();
    await writeFile(path.join(dir, "default_model.txt"), "claude-3.5-sonnet\n");
    const storage = createFsStorage({ dir });
    expect(await storage.get("settings/default-model")).toBe("claude-3.5-sonnet");
    expect(await storage.get("settings/default-embedding-model")).toBeUndefined();
    await storage.set("settings/default-model", "gpt-4o-mini");
    await storage.set("settings/default-embedding-model", "3-small");
    expect(await readFile(path.join(dir, "default_model.txt"), "utf8")).toBe("gpt-4o-mini");
    expect(await readFile(path.join(dir, "default_embedding_model.txt"), "utf8")).toBe("3-small");
    await storage.set("settings/other", { a: 1 });
    expect((await storage.keys("settings/")).sort()).toEqual(["settings/default-embedding-model", "settings/default-model", "settings/other"]);
    await storage.delete("settings/default-model");
    await expect(stat(path.join(dir, "default_model.txt"))).rejects.toThrow();
    expect(await storage.get("settings/default-model")).toBeUndefined();
    await expectStorageError(storage.set("settings/default-model", 3));
  });

  it("reads extra-openai-models.yaml and refuses to write it", async () => {
    const dir = await freshDir();
    const storage = createFsStorage({ dir });
    expect(await storage.get("settings/extra-openai-models")).toBeUndefined();
    expect(await storage.keys("settings/")).toEqual([]);
    await writeFile(path.join(dir, "extra-openai-models.yaml"), "- model_id: llama3.2-local\n  model_name: llama3.2\n  api_base: http://localhost:11434/v1\n");
    expect(await storage.get("settings/extra-openai-models")).toEqual([{ modelId: "llama3.2-local", modelName: "llama3.2", apiBase: "http://localhost:11434/v1" }]);
    expect(await storage.keys("settings/")).toEqual(["settings/extra-openai-models"]);
    for (const attempt of [() => storage.set("settings/extra-openai-models", []), () => storage.delete("settings/extra-openai-models")]) {
      expect((await expectStorageError(attempt())).message).toContain(path.join(dir, "extra-openai-models.yaml"));
    }
    await writeFile(path.join(dir, "extra-openai-models.yaml"), "- model_id: x\n\tapi_base: y\n");
    expect((await expectStorageError(storage.get("settings/extra-openai-models"))).message).toMatch(/extra-openai-models\.yaml, line 2/);
  });

  it("keys() with no prefix or a partial prefix includes the mapped entries", async () => {
    const dir = await freshDir();
    await writeFile(path.join(dir, "keys.json"), pythonKeysJson);
    await writeFile(path.join(dir, "aliases.json"), pythonAliasesJson);
    await writeFile(path.join(dir, "default_model.txt"), "gpt-4o");
    const storage = createFsStorage({ dir });
    await storage.set("logs/01j", { id: 1 });
    expect((await storage.keys()).sort()).toEqual(["aliases/4o", "aliases/claude", "keys/anthropic", "keys/openai", "logs/01j", "settings/default-model"]);
    expect((await storage.keys("ali")).sort()).toEqual(["aliases/4o", "aliases/claude"]);
    expect(await storage.keys("keys/open")).toEqual(["keys/openai"]);
  });
});

describe("fs storage: one file per key", () => {
  it("creates nothing until the first write, then writes llm-anywhere/<encoded>.json", async () => {
    const dir = path.join(await freshDir(), "later");
    const storage = createFsStorage({ dir });
    expect(await storage.get("logs/x")).toBeUndefined();
    expect(await storage.keys()).toEqual([]);
    await expect(stat(dir)).rejects.toThrow();
    await storage.set("logs/01jabc", { prompt: "hi" });
    await storage.set("embeddings/My Collection/Doc.1", [1, 2]);
    expect(await readFile(path.join(dir, "llm-anywhere", "logs", "01jabc.json"), "utf8")).toBe('{"prompt":"hi"}');
    expect(await readdir(path.join(dir, "llm-anywhere", "embeddings"))).toEqual(["%4Dy%20%43ollection"]);
    expect(await readdir(path.join(dir, "llm-anywhere", "embeddings", "%4Dy%20%43ollection"))).toEqual(["%44oc%2E1.json"]);
    expect(await readdir(path.join(dir, "llm-anywhere", "logs"))).toEqual(["01jabc.json"]); // no temporary file left
  });

  it("encodes names reversibly, distinct on case-insensitive disks and safe on Windows", () => {
    const cases: Record<string, string> = {
      "llama3:8b": "llama3%3A8b",
      Upper: "%55pper",
      upper: "upper",
      "..": "%2E%2E",
      "dot.": "dot%2E",
      CON: "%43%4F%4E",
      con: "%63on",
      "com1": "%63om1",
      "100%": "100%25",
      "a?b": "a%3Fb",
      "café": "caf%C3%A9",
      "back\\slash": "back%5Cslash",
      "": "%",
      "01jabc-_": "01jabc-_",
    };
    for (const [segment, name] of Object.entries(cases)) {
      expect(encodeSegment(segment)).toBe(name);
      expect(decodeSegment(name)).toBe(segment);
      expect(name).toMatch(/^[a-z0-9_%A-F-]+$/);
    }
    const lower = new Set(Object.values(cases).map((name) => name.toLowerCase()));
    expect(lower.size).toBe(Object.keys(cases).length);
    for (const foreign of ["README", "ABC", "a.b", "%zz", "%4a", "%", "x%"]) {
      if (foreign !== "%") expect(decodeSegment(foreign)).toBeUndefined();
    }
    expect(() => encodeSegment("\ud800")).toThrow(StorageError);
  });

  it("ignores files it did not write", async () => {
    const dir = await freshDir();
    const logs = path.join(dir, "llm-anywhere", "logs");
    await mkdir(path.join(logs, "Sub.Dir"), { recursive: true });
    for (const name of ["README.md", "ABC.json", ".tmp-1-2-3", "notes.txt", "Sub.Dir/x.json"]) await writeFile(path.join(logs, name), "{}");
    const storage = createFsStorage({ dir });
    await storage.set("logs/real", true);
    expect(await storage.keys("logs/")).toEqual(["logs/real"]);
  });

  it("a corrupt value file is a StorageError naming it", async () => {
    const dir = await freshDir();
    await mkdir(path.join(dir, "llm-anywhere", "logs"), { recursive: true });
    await writeFile(path.join(dir, "llm-anywhere", "logs", "bad.json"), "{");
    const error = await expectStorageError(createFsStorage({ dir }).get("logs/bad"));
    expect(error.message).toContain(path.join(dir, "llm-anywhere", "logs", "bad.json"));
  });

  it("a value that is not JSON is a StorageError; undefined deletes", async () => {
    const storage = createFsStorage({ dir: await freshDir() });
    await expectStorageError(storage.set("logs/big", 10n));
    await storage.set("logs/u", 1);
    await storage.set("logs/u", undefined);
    expect(await storage.keys("logs/")).toEqual([]);
  });

  it("lists 10,000 keys under one prefix with one readdir", async () => {
    const dir = await freshDir();
    const logs = path.join(dir, "llm-anywhere", "logs");
    await mkdir(logs, { recursive: true });
    for (let start = 0; start < 10_000; start += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, offset) => writeFile(path.join(logs, `01j${String(start + offset).padStart(6, "0")}.json`), "{}")));
    }
    const storage = createFsStorage({ dir });
    await storage.set("other/thing", 1);
    const began = performance.now();
    const keys = await storage.keys("logs/");
    const took = performance.now() - began;
    expect(keys.length).toBe(10_000);
    expect(keys).toContain("logs/01j009999");
    // Typically 10-40 ms here; the bound only catches a walk or a stat per file gone badly wrong.
    expect(took).toBeLessThan(2_000);
  }, 60_000);

  it("two processes writing different keys at once lose nothing", async () => {
    const dir = await freshDir();
    const script = path.join(repoRoot, "test", "storage", "fixtures", "write-many.ts");
    const run = (name: string) =>
      new Promise<{ code: number | null; stderr: string }>((done, fail) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--conditions=llm-anywhere:source", script, dir, name, "1000"], { cwd: repoRoot });
        let stderr = "";
        child.stderr.on("data", (data: Buffer) => (stderr += data));
        const timer = setTimeout(() => child.kill(), 90_000);
        child.on("error", fail);
        child.on("close", (code) => {
          clearTimeout(timer);
          done({ code, stderr });
        });
      });
    const results = await Promise.all([run("proc1"), run("proc2")]);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const storage = createFsStorage({ dir });
    const keys = await storage.keys("logs/");
    expect(keys.length).toBe(2_000);
    for (const name of ["proc1", "proc2"]) {
      for (let index = 0; index < 1_000; index++) expect(keys).toContain(`logs/${name}-${index}`);
    }
    const values = await Promise.all(keys.map((key) => storage.get<{ name: string; index: number }>(key)));
    expect(values.every((value, at) => value !== undefined && keys[at] === `logs/${value.name}-${value.index}`)).toBe(true);
    expect((await readdir(path.join(dir, "llm-anywhere", "logs"))).filter((name) => name.startsWith("."))).toEqual([]);
  }, 120_000);
});

describe("fs storage: filesystem failures", () => {
  it("a dir under a regular file gives StorageErrors naming the operation, the path and the cause", async () => {
    const base = await freshDir();
    const blocker = path.join(base, "a-file");
    await writeFile(blocker, "not a directory");
    const dir = path.join(blocker, "llm");
    const storage = createFsStorage({ dir });
    const write = await expectStorageError(storage.set("logs/x", 1));
    expect(write.message).toMatch(/^Could not write /);
    expect(write.message).toContain(path.join(dir, "llm-anywhere", "logs", "x.json"));
    expect(write.message).toContain("ENOTDIR");
    expect((write.cause as { code?: string }).code).toBe("ENOTDIR");
    for (const [attempt, operation] of [
      [() => storage.set("keys/openai", "sk"), "read"], // keys.json is read before it is rewritten
      [() => storage.set("settings/default-model", "m"), "write"],
      [() => storage.get("logs/x"), "read"],
      [() => storage.get("keys/openai"), "read"],
      [() => storage.keys("logs/"), "list"],
    ] as const) {
      const error = await expectStorageError(attempt());
      expect(error.message).toMatch(new RegExp(`^Could not ${operation} ${blocker.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}`));
      expect(error.cause).toBeDefined();
    }
    expect(await readFile(blocker, "utf8")).toBe("not a directory");
  });

  it("a key path that is a directory gives a StorageError", async () => {
    const dir = await freshDir();
    await mkdir(path.join(dir, "llm-anywhere", "logs", "x.json"), { recursive: true });
    const error = await expectStorageError(createFsStorage({ dir }).get("logs/x"));
    expect(error.message).toContain("EISDIR");
  });
});
