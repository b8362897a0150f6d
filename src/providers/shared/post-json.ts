import { ApiError, NetworkError, stripQuery } from "../../errors.ts";
import type { Env } from "../../spec/model-adapter.ts";
import { isRecord } from "./parse-json-data.ts";

/** What a provider's request needs from a call (a model's or an embedding model's). */
export interface ProviderCall {
  readonly key?: string | undefined;
  readonly fetch: typeof globalThis.fetch;
  readonly env: Env;
  readonly signal?: AbortSignal | undefined;
}

/** The provider's error type and message, read from an error body. */
export interface ProviderErrorInfo {
  type?: string | undefined;
  message?: string | undefined;
}

export interface PostJsonOptions {
  /** Where to POST; a key in its query (`?key=`) never reaches an error message. */
  readonly url: string;
  /** Serialised with `JSON.stringify`. */
  readonly body: unknown;
  /** Sent as given, after `content-type: application/json`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly fetch: typeof globalThis.fetch;
  readonly signal?: AbortSignal | undefined;
  /**
   * Reads type and message from a parsed error body.
   * @default readProviderError
   */
  readonly parseError?: ((data: unknown) => ProviderErrorInfo) | undefined;
}

/**
 * POSTs a JSON body and returns the `Response` when its status is 2xx.
 * A fetch that throws becomes a `NetworkError` (the original error kept as
 * `cause`), except an abort, which rethrows the signal's reason untouched;
 * any other status becomes an `ApiError` with the provider's type, message,
 * parsed body and `retryAfter`. Keys found in the headers or the URL are
 * scrubbed from everything the error carries.
 */
export async function postJson(options: PostJsonOptions): Promise<Response> {
  const { url, signal } = options;
  let response: Response;
  try {
    response = await options.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...options.headers },
      body: JSON.stringify(options.body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const reason = scrub(error instanceof Error ? error.message : String(error), secretsOf(options));
    throw new NetworkError(
      `Could not reach ${stripQuery(url)} (${reason}): check the network connection and the base URL; in a browser, also CORS.`,
      { cause: error },
    );
  }
  if (response.ok) return response;
  throw await toApiError(response, options);
}

async function toApiError(response: Response, options: PostJsonOptions): Promise<ApiError> {
  let text = "";
  try {
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    // An unreadable error body still makes an ApiError with the status.
  }
  text = scrub(text, secretsOf(options));
  let data: unknown = text || undefined;
  let info: ProviderErrorInfo = {};
  try {
    data = JSON.parse(text);
    info = (options.parseError ?? readProviderError)(data);
  } catch {
    // Not JSON (a proxy's HTML page, plain text): keep a short excerpt as the message.
    const excerpt = text.trim();
    if (excerpt) info = { message: excerpt.length > 300 ? `${excerpt.slice(0, 300)}...` : excerpt };
  }
  return new ApiError({
    status: response.status,
    url: options.url,
    type: info.type,
    providerMessage: info.message,
    data,
    retryAfter: parseRetryAfter(response.headers),
  });
}

/**
 * The common error shapes: `{error: {type|code|status, message}}` (OpenAI,
 * Anthropic, Gemini, most compatible servers), `{error: "text"}`,
 * `{message}`, and the same wrapped in a one-element array.
 */
export function readProviderError(data: unknown): ProviderErrorInfo {
  const body = Array.isArray(data) ? data[0] : data;
  if (!isRecord(body)) return {};
  const error = body.error;
  if (typeof error === "string") return { type: name(body.type) ?? name(body.code), message: error };
  const source = isRecord(error) ? error : body;
  const code = source.code;
  return {
    // A string code (`model_not_found`) says more than an HTTP-like number (Gemini's 404 next to `NOT_FOUND`).
    type: name(source.type) ?? (typeof code === "string" ? code : undefined) ?? name(source.status) ?? name(code),
    message: typeof source.message === "string" ? source.message : undefined,
  };
}

/**
 * Milliseconds to wait, from `retry-after-ms` or `retry-after` (seconds or an
 * HTTP date); `undefined` when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && milliseconds.trim() !== "") {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Values that must never show up in an error: credential headers, a `key` query parameter and the URL's user info. */
function secretsOf(options: PostJsonOptions): string[] {
  const secrets: string[] = [];
  for (const [header, value] of Object.entries(options.headers ?? {})) {
    if (/authorization|api-key|token|secret/i.test(header)) secrets.push(value.replace(/^(Bearer|Basic|Token)\s+/i, ""));
  }
  const userInfo = /^[a-z][\w+.-]*:\/\/([^/@]*)@/i.exec(options.url)?.[1];
  if (userInfo) secrets.push(userInfo, ...userInfo.split(":"));
  const match = /[?&]key=([^&#]+)/.exec(options.url);
  if (match) {
    secrets.push(match[1]!);
    try {
      secrets.push(decodeURIComponent(match[1]!));
    } catch {
      // A malformed escape: the raw value is scrubbed already.
    }
  }
  return secrets.filter((secret) => secret.length >= 4);
}

function scrub(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join("[redacted]");
  return text;
}

function name(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

