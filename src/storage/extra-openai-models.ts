import { StorageError } from "../errors.ts";
import type { OpenAICompatibleModel } from "../providers/openai/compatible.ts";

/*
 * Reads the Python llm's `extra-openai-models.yaml` with a YAML subset, so the
 * fs storage needs no YAML dependency: block sequences and mappings, plain,
 * 'single' and "double" quoted scalars, one-line flow `[a, b]` and `{a: b}`,
 * `#` comments. Anchors, tags, block scalars (`|`, `>`) and multi-line flow
 * collections are refused with the line they are on.
 */

type Node =
  | { kind: "scalar"; value: string; quoted: boolean; line: number }
  | { kind: "seq"; items: Node[]; line: number }
  | { kind: "map"; entries: [string, Node][]; line: number };

interface Line {
  indent: number;
  text: string;
  number: number;
}

const fields: Record<string, [keyof OpenAICompatibleModel, "string" | "bool" | "headers" | "list"]> = {
  model_id: ["modelId", "string"],
  model_name: ["modelName", "string"],
  api_base: ["apiBase", "string"],
  api_key_name: ["keyName", "string"],
  headers: ["headers", "headers"],
  aliases: ["aliases", "list"],
  supports_tools: ["supportsTools", "bool"],
  supports_schema: ["supportsSchema", "bool"],
  vision: ["vision", "bool"],
  audio: ["audio", "bool"],
  can_stream: ["canStream", "bool"],
};

/**
 * The models in the text of an `extra-openai-models.yaml`, in the camelCase
 * shape `registerOpenAICompatible()` takes. Unknown fields are ignored; an
 * empty file has no models. Throws `StorageError` naming `file` and the line
 * of anything it cannot read.
 */
export function parseExtraOpenAIModels(text: string, file = "extra-openai-models.yaml"): OpenAICompatibleModel[] {
  const fail = (line: number, message: string): never => {
    throw new StorageError(`${file}, line ${line}: ${message}. Fix it in that file (see the Python llm's documentation on extra-openai-models.yaml).`);
  };
  const root = parseYaml(text, fail);
  if (!root || isNull(root)) return [];
  if (root.kind !== "seq") return fail(root.line, "expected a list of models, each starting with `- model_id: ...`");
  return root.items.map((item) => {
    if (item.kind !== "map") return fail(item.line, "expected a model (`model_id: ...` and its other fields)");
    const model: Record<string, unknown> = {};
    for (const [name, node] of item.entries) {
      const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
      if (!field || isNull(node)) continue;
      const [key, type] = field;
      if (type === "string") model[key] = scalar(node, name, fail);
      else if (type === "bool") model[key] = bool(node, name, fail);
      else if (type === "list") {
        if (node.kind !== "seq") return fail(node.line, `${name} must be a list, e.g. [a, b]`);
        model[key] = node.items.map((alias) => scalar(alias, name, fail));
      } else {
        if (node.kind !== "map") return fail(node.line, `${name} must be a mapping of header names to values`);
        model[key] = Object.fromEntries(node.entries.map(([header, value]) => [header, scalar(value, `header ${header}`, fail)]));
      }
    }
    if (typeof model.modelId !== "string" || !model.modelId) return fail(item.line, "every model needs a model_id");
    return model as unknown as OpenAICompatibleModel;
  });
}

type Fail = (line: number, message: string) => never;

const isNull = (node: Node) => node.kind === "scalar" && !node.quoted && /^(~|null|Null|NULL)?$/.test(node.value);

function scalar(node: Node, name: string, fail: Fail): string {
  if (node.kind !== "scalar" || isNull(node)) return fail(node.line, `${name} must be a single value`);
  return node.value;
}

function bool(node: Node, name: string, fail: Fail): boolean {
  if (node.kind === "scalar" && !node.quoted) {
    if (/^(true|yes|on)$/i.test(node.value)) return true;
    if (/^(false|no|off)$/i.test(node.value)) return false;
  }
  return fail(node.line, `${name} must be true or false (without quotes)`);
}

const isItem = (text: string) => text === "-" || text.startsWith("- ");

function parseYaml(text: string, fail: Fail): Node | undefined {
  const lines: Line[] = [];
  for (const [index, raw] of text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/).entries()) {
    const number = index + 1;
    const indent = raw.length - raw.replace(/^ */, "").length;
    const body = raw.slice(indent).trimEnd();
    if (body.startsWith("\t")) fail(number, "tabs cannot indent YAML; use spaces");
    if (body === "" || body.startsWith("#") || (indent === 0 && /^---(\s+#.*)?$/.test(body))) continue;
    if (indent === 0 && /^\.\.\.(\s+#.*)?$/.test(body)) break;
    if (indent === 0 && /^(%|---(\s|$))/.test(body)) fail(number, "YAML directives and documents with content after --- are not supported");
    lines.push({ indent, text: body, number });
  }
  let at = 0;

  const block = (): Node => {
    const line = lines[at]!;
    if (isItem(line.text)) return sequence(line.indent);
    if (splitKey(line)) return mapping(line.indent);
    at++;
    return inline(line.text, line.number);
  };

  const below = (indent: number, line: number): Node => {
    const next = lines[at];
    return next && next.indent > indent ? block() : { kind: "scalar", value: "", quoted: false, line };
  };

  const sequence = (indent: number): Node => {
    const items: Node[] = [];
    const first = lines[at]!.number;
    for (let line = lines[at]; line && line.indent === indent && isItem(line.text); line = lines[at]) {
      const rest = line.text.slice(1);
      const body = rest.trimStart();
      if (body === "" || body.startsWith("#")) {
        at++;
        items.push(below(indent, line.number));
      } else {
        // `- key: value` starts a mapping indented as far as `key`.
        lines[at] = { indent: indent + 1 + rest.length - body.length, text: body, number: line.number };
        items.push(block());
      }
    }
    const after = lines[at];
    if (after && after.indent > indent) fail(after.number, "unexpected indentation");
    return { kind: "seq", items, line: first };
  };

  const mapping = (indent: number): Node => {
    const entries: [string, Node][] = [];
    const first = lines[at]!.number;
    for (let line = lines[at]; line && line.indent === indent && !isItem(line.text); line = lines[at]) {
      const split = splitKey(line) ?? fail(line.number, "expected `key: value`");
      at++;
      const next = lines[at];
      let value: Node;
      if (split.rest !== "" && !split.rest.startsWith("#")) value = inline(split.rest, line.number);
      else if (next && next.indent === indent && isItem(next.text)) value = sequence(indent);
      else value = below(indent, line.number);
      const existing = entries.findIndex(([key]) => key === split.key);
      if (existing >= 0) entries.splice(existing, 1);
      entries.push([split.key, value]);
    }
    const after = lines[at];
    if (after && after.indent > indent) fail(after.number, "unexpected indentation");
    return { kind: "map", entries, line: first };
  };

  const splitKey = (line: Line): { key: string; rest: string } | undefined => {
    const text = line.text;
    if (text.startsWith('"') || text.startsWith("'")) {
      const cursor = { text, pos: 0, line: line.number };
      const key = quoted(cursor, fail);
      const match = /^\s*:(\s+|$)/.exec(text.slice(cursor.pos));
      return match ? { key, rest: text.slice(cursor.pos + match[0].length) } : undefined;
    }
    if (/^[[{&*!|>%@`#]/.test(text)) return undefined;
    const match = /:(\s+|$)/.exec(text);
    if (!match || /\s#/.test(text.slice(0, match.index))) return undefined;
    return { key: text.slice(0, match.index).trimEnd(), rest: text.slice(match.index + match[0].length) };
  };

  const inline = (text: string, line: number): Node => {
    const cursor = { text, pos: 0, line };
    const node = flow(cursor, false, fail);
    const rest = text.slice(cursor.pos).trimStart();
    if (rest !== "" && !rest.startsWith("#")) fail(line, `unexpected ${JSON.stringify(rest)} after a value`);
    return node;
  };

  if (lines.length === 0) return undefined;
  const root = block();
  if (at < lines.length) fail(lines[at]!.number, "unexpected content (check the indentation)");
  return root;
}

interface Cursor {
  text: string;
  pos: number;
  line: number;
}

function skipSpaces(cursor: Cursor): void {
  while (cursor.text[cursor.pos] === " " || cursor.text[cursor.pos] === "\t") cursor.pos++;
}

/** A value on one line: quoted, `[...]`, `{...}` or plain (which ends differently inside brackets). */
function flow(cursor: Cursor, inFlow: boolean, fail: Fail): Node {
  skipSpaces(cursor);
  const { text, line } = cursor;
  const start = text[cursor.pos];
  if (start === '"' || start === "'") return { kind: "scalar", value: quoted(cursor, fail), quoted: true, line };
  if (start === "[" || start === "{") {
    const close = start === "[" ? "]" : "}";
    const items: Node[] = [];
    const entries: [string, Node][] = [];
    cursor.pos++;
    for (;;) {
      skipSpaces(cursor);
      if (cursor.pos >= text.length) fail(line, `missing ${close}: write a [list] or {mapping} on one line`);
      if (text[cursor.pos] === close) break;
      if (start === "[") items.push(flow(cursor, true, fail));
      else {
        const key = flow(cursor, true, fail);
        skipSpaces(cursor);
        if (key.kind !== "scalar" || text[cursor.pos] !== ":") fail(line, "expected `key: value` inside { }");
        cursor.pos++;
        skipSpaces(cursor);
        const empty = text[cursor.pos] === "," || text[cursor.pos] === "}";
        entries.push([(key as { value: string }).value, empty ? { kind: "scalar", value: "", quoted: false, line } : flow(cursor, true, fail)]);
      }
      skipSpaces(cursor);
      if (cursor.pos >= text.length) continue; // reported as a missing close above
      if (text[cursor.pos] === ",") cursor.pos++;
      else if (text[cursor.pos] !== close) fail(line, `expected , or ${close}`);
    }
    cursor.pos++;
    return start === "[" ? { kind: "seq", items, line } : { kind: "map", entries, line };
  }
  if (start !== undefined && "&*!|>%@`".includes(start)) fail(line, "anchors, aliases, tags and block scalars (| and >) are not supported; quote the value");
  const rest = text.slice(cursor.pos);
  const end = inFlow ? /[,[\]{}]|:(?=[\s,[\]{}]|$)|\s#/.exec(rest) : /\s#/.exec(rest);
  const value = (end ? rest.slice(0, end.index) : rest).trimEnd();
  if (inFlow && value === "") fail(line, "empty item inside [ ] or { }");
  if (!inFlow && /:\s/.test(value)) fail(line, `quote values that contain ": " (${JSON.stringify(value)})`);
  cursor.pos += end ? end.index : rest.length;
  return { kind: "scalar", value, quoted: false, line };
}

const escapes: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
  " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029",
};
const hexLength: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A 'single' ('' is a quote) or "double" (backslash escapes) quoted scalar on one line. */
function quoted(cursor: Cursor, fail: Fail): string {
  const { text, line } = cursor;
  const quote = text[cursor.pos]!;
  let value = "";
  for (let pos = cursor.pos + 1; pos < text.length; pos++) {
    const char = text[pos]!;
    if (char === quote) {
      if (quote === "'" && text[pos + 1] === "'") {
        value += "'";
        pos++;
        continue;
      }
      cursor.pos = pos + 1;
      return value;
    }
    if (char !== "\\" || quote === "'") {
      value += char;
      continue;
    }
    const code = text[++pos] ?? "";
    const length = hexLength[code];
    if (length) {
      const hex = text.slice(pos + 1, pos + 1 + length);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length || parseInt(hex, 16) > 0x10ffff) fail(line, `bad \\${code} escape in a double-quoted value`);
      value += String.fromCodePoint(parseInt(hex, 16));
      pos += length;
    } else if (Object.hasOwn(escapes, code)) value += escapes[code];
    else fail(line, `unknown escape \\${code} in a double-quoted value`);
  }
  return fail(line, `missing closing ${quote}: quoted values must end on the same line`);
}
