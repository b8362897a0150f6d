/**
 * Loads the recorded provider responses in `../shared/fixtures` (next to
 * the repository): each case's body as bytes, its request, and the facts a
 * correct client must extract. `.chunks.jsonl` bodies are framed as the
 * provider's event stream.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const fixturesRoot = path.resolve(repoRoot, "../shared/fixtures");

export type Framing = "openai" | "anthropic" | "gemini";

export interface FixtureCase {
  /** `<provider>/<api>/<case>` */
  id: string;
  name: string;
  bodyFormat: "sse" | "json" | "chunks-jsonl" | "json-array-stream";
  /** The body as served: `.chunks.jsonl` already framed. */
  body: Uint8Array;
  status: number;
  contentType: string;
  /** The recorded request body, when the source kept it. */
  request: any;
  expect: any;
  facts: any;
}

/** Every case of `<provider>/<api>`, sorted by name; `[]` when the folder is missing. */
export function loadFixtureCases(provider: string, api: string, framing: Framing = "openai"): FixtureCase[] {
  const dir = path.join(fixturesRoot, provider, api);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".expect.json"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".expect.json".length);
      const expect = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
      const raw = readFileSync(path.join(dir, expect.body_file));
      const bodyFormat = expect.body_format;
      const body = bodyFormat === "chunks-jsonl" ? new TextEncoder().encode(frameChunks(raw.toString("utf8"), framing)) : new Uint8Array(raw);
      const requestFile = path.join(dir, `${name}.request.json`);
      const recording = expect.recording ?? {};
      return {
        id: `${provider}/${api}/${name}`,
        name,
        bodyFormat,
        body,
        status: recording.status ?? 200,
        contentType: recording.content_type ?? (bodyFormat === "json" ? "application/json" : "text/event-stream"),
        request: existsSync(requestFile) ? JSON.parse(readFileSync(requestFile, "utf8")) : undefined,
        expect,
        facts: expect.facts ?? {},
      };
    });
}

/**
 * One payload per line to an event stream: OpenAI `data: <line>\n\n` then
 * `data: [DONE]\n\n`; Anthropic `event: <type>\ndata: <line>\n\n`; Gemini
 * `data: <line>\r\n\r\n`.
 */
export function frameChunks(jsonl: string, framing: Framing): string {
  const lines = jsonl.split("\n").filter((line) => line.trim() !== "");
  switch (framing) {
    case "openai":
      return lines.map((line) => `data: ${line}\n\n`).join("") + "data: [DONE]\n\n";
    case "anthropic":
      return lines.map((line) => `event: ${JSON.parse(line).type}\ndata: ${line}\n\n`).join("");
    case "gemini":
      return lines.map((line) => `data: ${line}\r\n\r\n`).join("");
  }
}
