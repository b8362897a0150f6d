import { readFile } from "#runtime";
import { toBase64 } from "./base64.ts";
import { getFetch } from "./configure.ts";
import { AttachmentError } from "./errors.ts";
import { pythonJson } from "./python-json.ts";
import { sha256Hex } from "./sha256-hex.ts";
import { sniffType } from "./sniff-type.ts";
import type { AttachmentSource } from "./spec/message.ts";
import { typeFromName } from "./type-from-name.ts";

/** Bytes an attachment can be made of. */
export type AttachmentContent = Blob | Uint8Array | ArrayBuffer;

/** What an attachment is made from: one of `url`, `content` or `path`, and an optional `type`. */
export interface AttachmentInit {
  /**
   * Where the file is. Images are sent to the model as this URL; other types
   * are downloaded (with the configured `fetch`) when the request is built.
   * @example "https://static.simonwillison.net/static/2024/pelicans.jpg"
   */
  url?: string | undefined;
  /**
   * The file itself: a `Blob` or `File` (from `<input type="file">`, `fetch().blob()`, ...),
   * a `Uint8Array` or an `ArrayBuffer`.
   */
  content?: AttachmentContent | undefined;
  /**
   * A file path, read when the request is built (Node, Bun, Deno, Electron's
   * main process; in a browser or Worker, pass `content` or `url` instead).
   */
  path?: string | undefined;
  /**
   * The MIME type. Always wins; without it, the type is the `Blob`'s own,
   * else sniffed from the first bytes, else taken from the file name or URL
   * extension, else (URLs) from a `HEAD` request.
   * @example "image/jpeg"
   */
  type?: string | undefined;
}

/** Types some runtimes or servers use for the same thing. */
const aliases: Record<string, string> = { "audio/wave": "audio/wav", "audio/x-wav": "audio/wav", "audio/vnd.wave": "audio/wav" };
const normalize = (type: string) => aliases[type] ?? type;
/** A Blob type that says nothing: detect the type as if it had none. */
const isVague = (type: string) => !type || type === "application/octet-stream";

/**
 * An image, audio file, PDF, ... to send with a prompt: `prompt(text, { attachments: [attachment] })`.
 * Its bytes, base64 and id are computed once, when first needed.
 */
export class Attachment implements AttachmentSource {
  readonly url: string | undefined;
  readonly path: string | undefined;
  readonly content: AttachmentContent | undefined;
  #type: string | undefined;
  #bytes: Promise<Uint8Array> | undefined;
  #base64: Promise<string> | undefined;
  #id: Promise<string> | undefined;
  #resolving: Promise<string> | undefined;

  constructor(init: AttachmentInit) {
    const { url, content, path, type } = init;
    if (url === undefined && content === undefined && path === undefined) {
      throw new AttachmentError(
        type
          ? "An attachment needs a url, content or path as well as a type"
          : "Attachment has no type and no content to derive it from",
      );
    }
    this.url = url;
    this.path = path;
    this.content = content;
    this.#type = type || undefined;
  }

  /**
   * The MIME type. Known at once when given, or from a `Blob`'s own type, from
   * sniffing in-memory bytes, or from a URL's extension; otherwise only after
   * `await attachment.resolveType()` (which `prompt()` does before sending).
   * @throws AttachmentError when the type is not known yet
   */
  get type(): string {
    const type = this.knownType();
    if (type === undefined) {
      throw new AttachmentError("The type of this attachment is not known yet: await attachment.resolveType() first, or give it a type");
    }
    return type;
  }

  /** The type if it can be known without reading a file or the network, else `undefined`. */
  knownType(): string | undefined {
    if (this.#type !== undefined) return this.#type;
    const { content, path, url } = this;
    let type: string | undefined;
    if (isBlob(content)) {
      if (!isVague(content.type)) type = normalize(content.type);
    } else if (content !== undefined) {
      type = sniffType(bytesOf(content)) ?? this.#typeFromName();
    } else if (path === undefined && url !== undefined) {
      type = /^data:([^;,]+)/i.exec(url)?.[1]?.toLowerCase() ?? typeFromName(url);
    }
    return (this.#type = type && normalize(type));
  }

  /**
   * Finds the type: as `type`, then by sniffing a Blob's or a file's first
   * bytes, then from the file name, then (a URL) with a `HEAD` request.
   * @throws AttachmentError when nothing tells the type, or the `HEAD` request fails (CORS, say)
   */
  resolveType(options: { signal?: AbortSignal | undefined } = {}): Promise<string> {
    const known = this.knownType();
    if (known !== undefined) return Promise.resolve(known);
    this.#resolving ??= this.#detectType(options.signal).then(
      (type) => (this.#type = normalize(type)),
      (error: unknown) => {
        this.#resolving = undefined;
        throw error;
      },
    );
    return this.#resolving;
  }

  /** The bytes: `content`, the file at `path`, or the downloaded `url` (read once). */
  bytes(): Promise<Uint8Array> {
    this.#bytes ??= this.#readBytes().catch((error: unknown) => {
      this.#bytes = undefined;
      throw error;
    });
    return this.#bytes;
  }

  /** The bytes, base64-encoded (computed once). */
  base64(): Promise<string> {
    this.#base64 ??= this.bytes().then(toBase64, (error: unknown) => {
      this.#base64 = undefined;
      throw error;
    });
    return this.#base64;
  }

  /**
   * The Python library's attachment id: the hex sha256 of the bytes, or, for
   * an attachment given only as a URL, of `{"url": "<url>"}` (so the URL is
   * never downloaded for it).
   */
  id(): Promise<string> {
    this.#id ??=
      this.content === undefined && this.path === undefined
        ? sha256Hex(pythonJson({ url: this.url }))
        : this.bytes().then(sha256Hex, (error: unknown) => {
            this.#id = undefined;
            throw error;
          });
    return this.#id;
  }

  toString(): string {
    const where = this.url !== undefined ? `url=${describeUrl(this.url)}` : this.path !== undefined ? `path=${this.path}` : "content";
    return `<Attachment ${where} type=${this.knownType() ?? "unknown"}>`;
  }

  async #detectType(signal: AbortSignal | undefined): Promise<string> {
    const { content, path, url } = this;
    let type: string | undefined;
    if (isBlob(content)) {
      type = sniffType(new Uint8Array(await content.slice(0, 64).arrayBuffer()));
    } else if (path !== undefined && content === undefined) {
      type = sniffType(await this.bytes());
    }
    type ??= this.#typeFromName();
    if (type) return type;
    if (content === undefined && path === undefined && url !== undefined) return headType(url, signal);
    throw new AttachmentError(
      "Attachment has no type and no content to derive it from: its content is in no format we recognise. Give its type, e.g. llm.attachment({ content, type: \"image/png\" })",
    );
  }

  #typeFromName(): string | undefined {
    const name = (this.content as { name?: unknown } | undefined)?.name;
    return (typeof name === "string" ? typeFromName(name) : undefined) ?? typeFromName(this.path ?? this.url ?? "");
  }

  async #readBytes(): Promise<Uint8Array> {
    const { content, path, url } = this;
    if (isBlob(content)) return new Uint8Array(await content.arrayBuffer());
    if (content !== undefined) return bytesOf(content);
    if (path !== undefined) {
      try {
        return await readFile(path);
      } catch (error) {
        if (AttachmentError.is(error)) throw error;
        throw new AttachmentError(`Could not read attachment ${path}: ${(error as Error).message}`, { cause: error });
      }
    }
    let response: globalThis.Response;
    try {
      response = await getFetch()(url!);
    } catch (error) {
      throw new AttachmentError(`Could not download attachment ${describeUrl(url!)}: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new AttachmentError(`Could not download attachment ${describeUrl(url!)}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}

/**
 * An attachment for `prompt(text, { attachments })`: from a `url`, from
 * `content` (a Blob, File, Uint8Array or ArrayBuffer) or from a file `path`;
 * give `type` to skip detection.
 * @example llm.attachment({ url: "https://static.simonwillison.net/static/2024/pelicans.jpg" })
 * @example llm.attachment({ content: fileInput.files[0] })
 * @example llm.attachment({ path: "pelican.jpg" })
 */
export function attachment(init: AttachmentInit): Attachment {
  return new Attachment(init);
}

/** Blobs and Files, also from another realm (an iframe), where `instanceof Blob` is false. */
function isBlob(content: AttachmentContent | undefined): content is Blob {
  return typeof (content as Blob | undefined)?.arrayBuffer === "function";
}

function bytesOf(content: Uint8Array | ArrayBuffer): Uint8Array {
  if (content instanceof Uint8Array) return content;
  return ArrayBuffer.isView(content) ? new Uint8Array(content.buffer, content.byteOffset, content.byteLength) : new Uint8Array(content);
}

/** The type a server gives for a URL, asked with `HEAD` (parameters such as `; charset` dropped). */
async function headType(url: string, signal: AbortSignal | undefined): Promise<string> {
  let failure: string;
  let cause: unknown;
  try {
    const response = await getFetch()(url, { method: "HEAD", signal });
    const type = response.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (response.ok && type) return type;
    failure = response.ok ? "its HEAD response has no content-type" : `its HEAD request got HTTP ${response.status}`;
  } catch (error) {
    signal?.throwIfAborted();
    cause = error;
    failure = `its HEAD request failed (${(error as Error).message}; in a browser this is often CORS)`;
  }
  throw new AttachmentError(
    `Could not find the type of attachment ${describeUrl(url)}: ${failure}. Give its type, e.g. llm.attachment({ url, type: "image/jpeg" })`,
    { cause },
  );
}

/** A URL for messages: data: URLs shortened, and no query or fragment (signed URLs carry secrets there). */
function describeUrl(url: string): string {
  if (/^data:/i.test(url)) return `${url.slice(0, url.indexOf(",") + 1)}...`;
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
