import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";
import { readFile as readFileWithoutFilesystem } from "../src/runtime/runtime.ts";
import * as sample from "./helpers/sample-files.ts";

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

interface Seen {
  method: string;
  url: string;
}

/** A fetch that answers from a table of URL -> response, recording what it was asked. */
function tableFetch(table: Record<string, (method: string) => Response | Promise<Response>>) {
  const seen: Seen[] = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const url = String(input);
    const method = init.method ?? "GET";
    seen.push({ method, url });
    const answer = table[url];
    if (!answer) throw new TypeError("Failed to fetch");
    return answer(method);
  };
  return { fetch, seen };
}

let dir: string;
let server: Server;
let origin: string;
const serverSeen: Seen[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "llm-anywhere-attachments-"));
  server = createServer((request, response) => {
    serverSeen.push({ method: request.method!, url: request.url! });
    if (request.url === "/image") {
      response.writeHead(200, { "content-type": "image/PNG; charset=binary" });
      response.end(request.method === "HEAD" ? undefined : Buffer.from(sample.png()));
    } else if (request.url === "/untyped") {
      response.writeHead(200);
      response.end();
    } else {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    }
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((done) => server.close(() => done()));
});

beforeEach(async () => {
  serverSeen.length = 0;
  await llm.configure({ env: {}, storage: llm.createMemoryStorage(), fetch: undefined });
});

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe("llm.attachment: construction", () => {
  it("needs a url, content or path", () => {
    expect(() => llm.attachment({})).toThrow(new llm.AttachmentError("Attachment has no type and no content to derive it from"));
    expect(() => llm.attachment({ type: "image/png" })).toThrow(llm.AttachmentError);
    expect(llm.attachment({ url: "https://example.com/a.png" })).toBeInstanceOf(llm.Attachment);
  });

  it("keeps what it was given", () => {
    const bytes = sample.png();
    const attachment = llm.attachment({ content: bytes, url: "https://example.com/a", path: "a.png" });
    expect(attachment.content).toBe(bytes);
    expect(attachment.url).toBe("https://example.com/a");
    expect(attachment.path).toBe("a.png");
  });
});

describe("attachment types", () => {
  it("an explicit type always wins, as given", async () => {
    const attachment = llm.attachment({ content: sample.png(), type: "image/jpeg" });
    expect(attachment.type).toBe("image/jpeg");
    expect(await attachment.resolveType()).toBe("image/jpeg");
    expect(llm.attachment({ url: "https://example.com/a.png", type: "image/webp" }).type).toBe("image/webp");
    expect(llm.attachment({ content: new Blob([sample.png()], { type: "image/gif" }), type: "image/jpeg" }).type).toBe("image/jpeg");
  });

  it("a Blob's or File's own type, at once (audio/wave normalised to audio/wav)", () => {
    expect(llm.attachment({ content: new Blob([sample.pdf()], { type: "image/png" }) }).type).toBe("image/png");
    expect(llm.attachment({ content: new File([sample.jpeg()], "pelican.jpg", { type: "image/jpeg" }) }).type).toBe("image/jpeg");
    expect(llm.attachment({ content: new Blob([sample.wav()], { type: "audio/wave" }) }).type).toBe("audio/wav");
    expect(llm.attachment({ content: new Blob([sample.wav()], { type: "audio/x-wav" }) }).type).toBe("audio/wav");
  });

  it("in-memory bytes are sniffed at once: Uint8Array, ArrayBuffer, Node's Buffer", () => {
    expect(llm.attachment({ content: sample.png() }).knownType()).toBe("image/png");
    expect(llm.attachment({ content: sample.pdf().buffer as ArrayBuffer }).type).toBe("application/pdf");
    expect(llm.attachment({ content: Buffer.from(sample.mp3WithId3()) }).type).toBe("audio/mpeg");
    expect(llm.attachment({ content: sample.wav() }).type).toBe("audio/wav");
  });

  it("an untyped (or application/octet-stream) Blob is sniffed when resolved, else named by its File name", async () => {
    const untyped = llm.attachment({ content: new Blob([sample.webp()]) });
    expect(untyped.knownType()).toBeUndefined();
    expect(() => untyped.type).toThrow(/not known yet: await attachment.resolveType\(\) first/);
    expect(await untyped.resolveType()).toBe("image/webp");
    expect(untyped.type).toBe("image/webp");
    const octets = llm.attachment({ content: new Blob([sample.flac()], { type: "application/octet-stream" }) });
    expect(await octets.resolveType()).toBe("audio/flac");
    const named = llm.attachment({ content: new File([new TextEncoder().encode("just text")], "notes.md") });
    expect(await named.resolveType()).toBe("text/markdown");
  });

  it("unrecognised content without a type is an error that says to give one", async () => {
    const attachment = llm.attachment({ content: new TextEncoder().encode("just text") });
    expect(attachment.knownType()).toBeUndefined();
    await expect(attachment.resolveType()).rejects.toThrow(/^Attachment has no type and no content to derive it from: .*Give its type/);
    await expect(llm.attachment({ content: new Blob(["text"]) }).resolveType()).rejects.toThrow(llm.AttachmentError);
  });

  it("a path is read and sniffed when resolved; its extension is the fallback", async () => {
    const png = llm.attachment({ path: file("no-extension", sample.png()) });
    expect(png.knownType()).toBeUndefined();
    expect(await png.resolveType()).toBe("image/png");
    // Sniffing wins over a misleading extension, as puremagic does in the Python library.
    expect(await llm.attachment({ path: file("actually-a-pdf.png", sample.pdf()) }).resolveType()).toBe("application/pdf");
    expect(await llm.attachment({ path: file("notes.txt", new TextEncoder().encode("hello")) }).resolveType()).toBe("text/plain");
    await expect(llm.attachment({ path: file("mystery", new TextEncoder().encode("hello")) }).resolveType()).rejects.toThrow(
      /Give its type/,
    );
  });

  it("a URL: a data: URL's own type, else its extension, with no request", async () => {
    const { fetch, seen } = tableFetch({});
    await llm.configure({ fetch });
    expect(llm.attachment({ url: "https://example.com/pelicans.JPG?w=200" }).type).toBe("image/jpeg");
    expect(llm.attachment({ url: "https://example.com/talk.wav" }).type).toBe("audio/wav");
    expect(llm.attachment({ url: `data:image/gif;base64,${Buffer.from(sample.gif()).toString("base64")}` }).type).toBe("image/gif");
    expect(await llm.attachment({ url: "https://example.com/doc.pdf" }).resolveType()).toBe("application/pdf");
    expect(seen).toEqual([]);
  });

  it("a URL with no known extension: a HEAD request (parameters dropped, lower-cased), asked once", async () => {
    const attachment = llm.attachment({ url: `${origin}/image` });
    expect(attachment.knownType()).toBeUndefined();
    const [first, second] = await Promise.all([attachment.resolveType(), attachment.resolveType()]);
    expect(first).toBe("image/png");
    expect(second).toBe("image/png");
    expect(await attachment.resolveType()).toBe("image/png");
    expect(serverSeen).toEqual([{ method: "HEAD", url: "/image" }]);
  });

  it("a failed HEAD request asks for an explicit type (and mentions CORS)", async () => {
    const { fetch } = tableFetch({});
    await llm.configure({ fetch });
    const error = await llm.attachment({ url: "https://elsewhere.example/photo?token=secret" }).resolveType().catch((e: unknown) => e);
    expect(llm.AttachmentError.is(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Could not find the type of attachment https://elsewhere.example/photo: its HEAD request failed (Failed to fetch; in a browser this is often CORS). Give its type, e.g. llm.attachment({ url, type: "image/jpeg" })',
    );
    expect((error as Error).message).not.toContain("secret");
  });

  it("a HEAD answer that is an HTTP error or has no content-type is an error too", async () => {
    await llm.configure({ fetch: undefined });
    await expect(llm.attachment({ url: `${origin}/missing` }).resolveType()).rejects.toThrow(
      `Could not find the type of attachment ${origin}/missing: its HEAD request got HTTP 404. Give its type`,
    );
    await expect(llm.attachment({ url: `${origin}/untyped` }).resolveType()).rejects.toThrow(/its HEAD response has no content-type/);
  });

  it("a failed resolution can be retried", async () => {
    let up = false;
    const { fetch } = tableFetch({
      "https://example.com/later": () => (up ? new Response(null, { headers: { "content-type": "image/gif" } }) : new Response(null, { status: 503 })),
    });
    await llm.configure({ fetch });
    const attachment = llm.attachment({ url: "https://example.com/later" });
    await expect(attachment.resolveType()).rejects.toThrow(/HTTP 503/);
    up = true;
    expect(await attachment.resolveType()).toBe("image/gif");
  });
});

describe("attachment bytes, base64 and id", () => {
  it("bytes: the content as given, a Blob read, an ArrayBuffer wrapped", async () => {
    const png = sample.png();
    expect(await llm.attachment({ content: png }).bytes()).toBe(png);
    expect(await llm.attachment({ content: new Blob([png]) }).bytes()).toEqual(png);
    expect(await llm.attachment({ content: png.buffer as ArrayBuffer }).bytes()).toEqual(png);
  });

  it("a path is read once, with the Node runtime; a missing file is a clear error", async () => {
    const path = file("pelican.gif", sample.gif());
    const attachment = llm.attachment({ path });
    const bytes = await attachment.bytes();
    expect(bytes).toEqual(sample.gif());
    expect(Buffer.isBuffer(bytes)).toBe(false);
    expect(await attachment.bytes()).toBe(bytes);
    const missing = join(dir, "missing.png");
    await expect(llm.attachment({ path: missing }).bytes()).rejects.toThrow(`Could not read attachment ${missing}: ENOENT`);
  });

  it("where there is no filesystem (browsers, Workers), reading a path says to pass content or a url", async () => {
    const error = await readFileWithoutFilesystem("pelican.jpg").catch((e: unknown) => e);
    expect(llm.AttachmentError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Cannot read attachment path "pelican.jpg": attachment paths need a filesystem/);
    expect((error as Error).message).toContain("Pass the file as content instead (a Blob, File, Uint8Array or ArrayBuffer");
  });

  it("under Deno, the default runtime reads paths with Deno.readFile", async () => {
    const globals = globalThis as { Deno?: unknown };
    const asked: string[] = [];
    globals.Deno = { env: { toObject: () => ({}) }, readFile: async (path: string) => (asked.push(path), sample.gif()) };
    try {
      expect(await readFileWithoutFilesystem("pelican.gif")).toEqual(sample.gif());
      expect(asked).toEqual(["pelican.gif"]);
    } finally {
      delete globals.Deno;
    }
  });

  it("an aborted HEAD request rejects with the signal's reason, not a type error", async () => {
    const reason = new Error("stopped");
    const { fetch } = tableFetch({});
    await llm.configure({ fetch });
    await expect(llm.attachment({ url: "https://example.com/x" }).resolveType({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it("a URL is downloaded (GET, with the configured fetch) only when its bytes are needed, once", async () => {
    const { fetch, seen } = tableFetch({ "https://example.com/a.wav": () => new Response(sample.wav()) });
    await llm.configure({ fetch });
    const attachment = llm.attachment({ url: "https://example.com/a.wav" });
    expect(seen).toEqual([]);
    expect(await attachment.bytes()).toEqual(sample.wav());
    expect(await attachment.base64()).toBe(Buffer.from(sample.wav()).toString("base64"));
    expect(seen).toEqual([{ method: "GET", url: "https://example.com/a.wav" }]);
  });

  it("a failed download is an AttachmentError", async () => {
    const { fetch } = tableFetch({ "https://example.com/gone.png?sig=1": () => new Response("no", { status: 410 }) });
    await llm.configure({ fetch });
    await expect(llm.attachment({ url: "https://example.com/gone.png?sig=1" }).bytes()).rejects.toThrow(
      new llm.AttachmentError("Could not download attachment https://example.com/gone.png: HTTP 410"),
    );
    await expect(llm.attachment({ url: "https://unreachable.example/x.png" }).bytes()).rejects.toThrow(/Failed to fetch/);
  });

  it("base64 is computed once", async () => {
    const attachment = llm.attachment({ content: sample.jpeg() });
    const first = await attachment.base64();
    expect(first).toBe(Buffer.from(sample.jpeg()).toString("base64"));
    expect(attachment.base64()).toBe(attachment.base64());
  });

  it("id: sha256 of the bytes (content or path)", async () => {
    const png = sample.png();
    expect(await llm.attachment({ content: png }).id()).toBe(sha256(png));
    expect(await llm.attachment({ content: new Blob([png]) }).id()).toBe(sha256(png));
    expect(await llm.attachment({ path: file("id.png", png) }).id()).toBe(sha256(png));
    // Content wins over a URL given with it, as in the Python library.
    expect(await llm.attachment({ content: png, url: "http://x/y.png" }).id()).toBe(sha256(png));
  });

  it('id of a URL: sha256 of {"url": "<url>"} as Python writes it, never downloading', async () => {
    const { fetch, seen } = tableFetch({});
    await llm.configure({ fetch });
    expect(await llm.attachment({ url: "http://x/y.png" }).id()).toBe("2a1bfc80ba379ca2746771a10e45f05564a1b2ae8cddf16cc1a8d331340b6b59");
    expect(await llm.attachment({ url: "https://example.com/é.png" }).id()).toBe(sha256('{"url": "https://example.com/\\u00e9.png"}'));
    expect(seen).toEqual([]);
  });

  it("shows what it is, without the query of a URL", () => {
    expect(String(llm.attachment({ url: "https://example.com/a.png?token=secret" }))).toBe(
      "<Attachment url=https://example.com/a.png type=image/png>",
    );
    expect(String(llm.attachment({ path: "a.bin" }))).toBe("<Attachment path=a.bin type=unknown>");
  });
});
