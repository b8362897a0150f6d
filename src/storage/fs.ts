/// <reference types="node" />
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { StorageError } from "../errors.ts";
import { pythonJson } from "../python-json.ts";
import type { Storage } from "../spec/storage.ts";
import { parseExtraOpenAIModels } from "./extra-openai-models.ts";
import { userDir } from "./user-dir.ts";

export { resolveUserDir, userDir } from "./user-dir.ts";

export interface FsStorageOptions {
  /**
   * The directory to keep everything in. The Python llm's own files
   * (`keys.json`, `aliases.json`, `default_model.txt`,
   * `default_embedding_model.txt`, `extra-openai-models.yaml`) are read and
   * written there in its formats, so both tools share keys, aliases and
   * defaults; everything else (logs, embeddings) goes to one JSON file per
   * key under `<dir>/llm-anywhere/`. Created on the first write.
   * @default the Python llm's user directory: `LLM_USER_PATH`, else
   * `~/.config/io.datasette.llm` (`$XDG_CONFIG_HOME`), `~/Library/Application Support/io.datasette.llm`
   * on macOS, `%APPDATA%\io.datasette.llm` on Windows
   * @example createFsStorage({ dir: "./.llm" })
   */
  dir?: string | undefined;
}

const note = "// Note";
const noteText = "This file stores secret API credentials. Do not share!";
const textSettings = new Map([
  ["settings/default-model", "default_model.txt"],
  ["settings/default-embedding-model", "default_embedding_model.txt"],
]);
const extraModelsKey = "settings/extra-openai-models";

/**
 * Storage in files, shared with the Python llm (Node, Deno, Bun, Electron's
 * main process). Writes are atomic (a temporary file, then a rename); updates
 * of `keys.json` and `aliases.json` are queued within the process, and every
 * other key is its own file, so processes writing different keys lose nothing.
 * Any filesystem failure is a `StorageError` naming the operation and the file.
 * @example
 * import { createFsStorage } from "llm-anywhere/storage/fs";
 * await llm.configure({ storage: createFsStorage() });
 */
export function createFsStorage(options: FsStorageOptions = {}): Storage {
  const dir = resolve(options.dir ?? userDir());
  const root = join(dir, "llm-anywhere");
  const keysFile = join(dir, "keys.json");
  const aliasesFile = join(dir, "aliases.json");
  const yamlFile = join(dir, "extra-openai-models.yaml");
  /** The Python llm's JSON file and entry name a key maps to, if any. */
  const entryOf = (key: string) =>
    key.startsWith("keys/") ? { file: keysFile, name: key.slice(5), indent: 2, mode: 0o600 } : key.startsWith("aliases/") ? { file: aliasesFile, name: key.slice(8), indent: 4, mode: undefined } : undefined;
  const filePath = (key: string) => {
    const segments = key.split("/").map(encodeSegment);
    return join(root, ...segments.slice(0, -1), `${segments.at(-1)}.json`);
  };
  const mapped = (key: string) => entryOf(key) !== undefined || textSettings.has(key) || key === extraModelsKey;

  async function update(key: string, value: unknown): Promise<void> {
    const entry = entryOf(key);
    if (entry) {
      if (entry.file === keysFile && entry.name === note) throw new StorageError(`"${note}" is the note at the top of ${keysFile}, not a key name; pick another name.`);
      return updateEntry(entry.file, entry.name, value, entry.indent, entry.mode, entry.file === keysFile ? [note, noteText] : undefined);
    }
    if (key === extraModelsKey) throw new StorageError(`${extraModelsKey} is read from ${yamlFile}; edit that file to change the extra OpenAI-compatible models.`);
    const text = textSettings.get(key);
    if (text) return value === undefined ? remove(join(dir, text)) : writeAtomic(join(dir, text), value as string);
    const file = filePath(key);
    if (value === undefined) return remove(file);
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      throw new StorageError(`Could not store ${key}: its value is not JSON-serialisable.`, { cause: error });
    }
    await writeAtomic(file, json);
  }

  async function list(dirKey: string, start: string): Promise<string[]> {
    const path = join(root, ...dirKey.split("/").slice(0, -1).map(encodeSegment));
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      if (isCode(error, "ENOENT")) return [];
      throw fsError("list", path, error);
    }
    const found: string[] = [];
    const below: Promise<string[]>[] = [];
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith(".")) continue; // temporary files
      let isFile = entry.isFile();
      let isDirectory = entry.isDirectory();
      if (!isFile && !isDirectory) {
        // A link, or a filesystem that does not report types; a dangling link is not ours.
        const info = await stat(join(path, name)).catch(() => undefined);
        [isFile, isDirectory] = [info?.isFile() ?? false, info?.isDirectory() ?? false];
      }
      if (isFile ? !name.endsWith(".json") : !isDirectory) continue;
      const segment = decodeSegment(isFile ? name.slice(0, -5) : name);
      if (segment === undefined || !segment.startsWith(start)) continue;
      if (isFile) found.push(dirKey + segment);
      else below.push(list(`${dirKey}${segment}/`, ""));
    }
    return found.concat(...(await Promise.all(below)));
  }

  return {
    async get<T>(key: string): Promise<T | undefined> {
      const entry = entryOf(key);
      if (entry) {
        if (entry.file === keysFile && entry.name === note) return undefined;
        return (await readEntries(entry.file))?.find(([name]) => name === entry.name)?.[1] as T | undefined;
      }
      if (key === extraModelsKey) {
        const text = await readText(yamlFile);
        return text === undefined ? undefined : (parseExtraOpenAIModels(text, yamlFile) as T);
      }
      const textFile = textSettings.get(key);
      if (textFile) return ((await readText(join(dir, textFile)))?.trim() || undefined) as T | undefined;
      const file = filePath(key);
      const text = await readText(file);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new StorageError(`${file} is not valid JSON; delete it or restore it from a backup.`);
      }
    },
    async set(key, value) {
      const entry = entryOf(key);
      if (value !== undefined && (entry || textSettings.has(key)) && typeof value !== "string") {
        throw new StorageError(`${key} must be a string, as the Python llm expects; got ${value === null ? "null" : typeof value}.`);
      }
      await update(key, value);
    },
    async delete(key) {
      await update(key, undefined);
    },
    async keys(prefix = "") {
      const overlaps = (area: string) => area.startsWith(prefix) || prefix.startsWith(area);
      const slash = prefix.lastIndexOf("/");
      const found = (await list(prefix.slice(0, slash + 1), prefix.slice(slash + 1))).filter((key) => !mapped(key));
      for (const [area, file] of [["keys/", keysFile], ["aliases/", aliasesFile]] as const) {
        if (!overlaps(area)) continue;
        for (const [name] of (await readEntries(file)) ?? []) if (file !== keysFile || name !== note) found.push(area + name);
      }
      if (overlaps("settings/")) {
        for (const [key, file] of textSettings) if ((await readText(join(dir, file)))?.trim()) found.push(key);
        if ((await readText(yamlFile)) !== undefined) found.push(extraModelsKey);
      }
      return found.filter((key) => key.startsWith(prefix));
    },
  };
}

/**
 * One key segment as a file or directory name that is the same on every
 * filesystem: `a-z`, `0-9`, `-` and `_` stay, everything else (capitals, so
 * `Upper` and `upper` differ on case-insensitive disks; dots, so no name ends
 * in `.` or collides with a `.json` file; non-ASCII, so no Unicode
 * normalisation applies) becomes `%XX` per UTF-8 byte. Windows device names
 * (`con`, `nul`, `com1`, ...) get their first letter escaped; `""` is `%`.
 */
export function encodeSegment(segment: string): string {
  if (segment === "") return "%";
  let encoded: string;
  try {
    encoded = encodeURIComponent(segment);
  } catch (error) {
    throw new StorageError(`The key segment ${JSON.stringify(segment)} is not valid Unicode (a lone surrogate); it cannot be a file name.`, { cause: error });
  }
  encoded = encoded.replace(/%[0-9A-F]{2}|[A-Z.!~*'()]/g, (token) => (token.length === 3 ? token : hex(token)));
  return /^(con|prn|aux|nul|com\d|lpt\d)$/.test(encoded) ? hex(encoded[0]!) + encoded.slice(1) : encoded;
}

/** The segment a file name encodes, or `undefined` for names this storage did not write. */
export function decodeSegment(name: string): string | undefined {
  if (name === "%") return "";
  try {
    const segment = decodeURIComponent(name);
    return encodeSegment(segment) === name ? segment : undefined;
  } catch {
    return undefined;
  }
}

const hex = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;

/** A flat object as Python's `json.dumps(obj, indent=n) + "\n"` writes it, keeping the entries' order. */
function pythonObject(entries: [string, unknown][], indent: number): string {
  if (entries.length === 0) return "{}\n";
  const pad = " ".repeat(indent);
  return `{\n${entries.map(([key, value]) => `${pad}${pythonJson(key)}: ${pythonJson(value, indent).replace(/\n/g, `\n${pad}`)}`).join(",\n")}\n}\n`;
}

/** The entries of a JSON object file in file order (`JSON.parse` puts integer-like keys first), or `undefined` when missing or empty. */
async function readEntries(file: string): Promise<[string, unknown][] | undefined> {
  const text = await readText(file);
  if (text === undefined || text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // No cause: the parser's message quotes the file, and keys.json holds secrets.
    throw new StorageError(`${file} is not valid JSON; fix it by hand or delete it.`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new StorageError(`${file} must hold a JSON object ({...}); fix it by hand or delete it.`);
  const names = new Set<string>();
  let depth = 0;
  let expectName = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      if (depth === 1 && expectName) names.add(JSON.parse(text.slice(at, end + 1)) as string);
      expectName = false;
      at = end;
    } else if (char === "{" || char === "[") expectName = ++depth === 1;
    else if (char === "}" || char === "]") depth--;
    else if (char === "," && depth === 1) expectName = true;
  }
  return [...names].map((name) => [name, Object.getOwnPropertyDescriptor(parsed, name)?.value]);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (isCode(error, "ENOENT")) return undefined;
    throw fsError("read", file, error);
  }
}

async function remove(file: string): Promise<void> {
  try {
    await rm(file, { force: true });
  } catch (error) {
    throw fsError("delete", file, error);
  }
}

let counter = 0;

/** Writes to a unique temporary file in the same directory, then renames it over `file`: readers see the old or the new content, never half. */
async function writeAtomic(file: string, text: string, mode?: number): Promise<void> {
  const temp = join(dirname(file), `.tmp-${process.pid}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    try {
      await writeFile(temp, text, { mode: mode ?? 0o666, flag: "wx" });
    } catch (error) {
      if (!isCode(error, "ENOENT")) throw error;
      await mkdir(dirname(file), { recursive: true });
      await writeFile(temp, text, { mode: mode ?? 0o666, flag: "wx" });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await rename(temp, file);
        break;
      } catch (error) {
        // Windows refuses to replace a file another process (a virus scanner) has open; it is soon closed.
        if (attempt >= 5 || !(isCode(error, "EPERM") || isCode(error, "EBUSY") || isCode(error, "EACCES")) || process.platform !== "win32") throw error;
        await new Promise((done) => setTimeout(done, 20 * attempt));
      }
    }
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw fsError("write", file, error);
  }
}

const batches = new Map<string, { changes: [string, unknown][]; run: Promise<void> }>();
const tails = new Map<string, Promise<void>>();

/**
 * Sets (with `undefined`: removes) one entry of a Python llm JSON file.
 * Updates of a file are queued within the process, so no read-modify-write
 * overwrites another; updates that arrive while one waits join it, so many
 * `setKey()` calls at once rewrite the file once.
 */
function updateEntry(file: string, name: string, value: unknown, indent: number, mode: number | undefined, first?: [string, unknown]): Promise<void> {
  const waiting = batches.get(file);
  if (waiting) {
    waiting.changes.push([name, value]);
    return waiting.run;
  }
  const changes: [string, unknown][] = [[name, value]];
  const run = (tails.get(file) ?? Promise.resolve()).then(async () => {
    batches.delete(file);
    const entries = await readEntries(file);
    const next = entries ?? (first ? [first] : []);
    let changed = false;
    for (const [name, value] of changes) {
      const index = next.findIndex(([existing]) => existing === name);
      if (value !== undefined) next.splice(index >= 0 ? index : next.length, index >= 0 ? 1 : 0, [name, value]);
      else if (index >= 0) next.splice(index, 1);
      changed ||= value !== undefined || index >= 0;
    }
    if (changed) await writeAtomic(file, pythonObject(next, indent), mode);
  });
  batches.set(file, { changes, run });
  const tail = run.catch(() => undefined);
  tails.set(file, tail);
  void tail.then(() => tails.get(file) === tail && tails.delete(file));
  return run;
}

const isCode = (error: unknown, code: string) => (error as { code?: unknown } | null)?.code === code;

const hints = new Map([
  ["EACCES", "permission denied"], ["EPERM", "operation not permitted"], ["ENOSPC", "the disk is full"], ["EROFS", "the filesystem is read-only"],
  ["ENOTDIR", "part of the path is a file, not a directory"], ["EISDIR", "it is a directory"], ["ENAMETOOLONG", "the key is too long for a file name"],
]);

function fsError(operation: string, file: string, error: unknown): StorageError {
  const code = (error as { code?: unknown } | null)?.code;
  const why = typeof code === "string" ? ` (${code}${hints.has(code) ? `: ${hints.get(code)}` : ""})` : "";
  return new StorageError(`Could not ${operation} ${file}${why}. Check the path and its permissions, or pass another { dir } to createFsStorage().`, { cause: error });
}
