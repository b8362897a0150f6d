/**
 * One small error hierarchy. Every error has a stable `code`; check it with
 * `isLlmError(error)` or `ApiError.is(error)` (works across bundles and
 * iframes, where `instanceof` does not). Messages are sentences that say what
 * to do, and never contain a key.
 */

const brand = Symbol.for("llm-anywhere.error");

export interface LlmErrorOptions {
  cause?: unknown;
}

export class LlmError extends Error {
  static readonly code: string = "llm_error";
  /** Stable machine-readable code, e.g. `api_error`. */
  readonly code: string;

  constructor(message: string, options?: LlmErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = (new.target as typeof LlmError).code;
    this.name = new.target.name;
    Object.defineProperty(this, brand, { value: true });
  }

  /** `true` when `value` is this kind of error, from any copy of the SDK. */
  static is<T extends abstract new (...args: any[]) => LlmError>(this: T & { code: string }, value: unknown): value is InstanceType<T> {
    return isLlmError(value) && (this.code === LlmError.code || value.code === this.code);
  }
}

/** `true` for any error this SDK throws. */
export function isLlmError(value: unknown): value is LlmError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** The id or alias names no registered model. */
export class UnknownModelError extends LlmError {
  static override readonly code = "unknown_model";
  constructor(
    readonly modelId: string,
    message = `Unknown model: ${modelId}`,
  ) {
    super(message);
  }
}

/** No key was found for a model that needs one. */
export class NeedsKeyError extends LlmError {
  static override readonly code = "needs_key";
  constructor(
    /** The name the key is stored under (`openai`). */
    readonly keyName: string | undefined,
    /** The environment variable it is read from (`OPENAI_API_KEY`). */
    readonly envVar?: string | undefined,
  ) {
    const add = keyName ? `add one with llm.setKey("${keyName}", ...), ` : "";
    super(`No key found - ${add}${envVar ? `pass { key } to prompt(), or set the ${envVar} environment variable` : "or pass { key } to prompt()"}`);
  }
}

/** An option is unknown to the model, or has the wrong type or range. */
export class OptionsError extends LlmError {
  static override readonly code = "invalid_options";
  constructor(
    message: string,
    /** The option at fault. */
    readonly option?: string,
  ) {
    super(message);
  }
}

/** Something is not set up: no global `fetch`, a model without a capability used with it. */
export class ConfigurationError extends LlmError {
  static override readonly code = "configuration";
}

export interface ApiErrorDetails {
  status: number;
  url: string;
  /** The provider's error type or code (`invalid_request_error`, `model_not_found`, ...). */
  type?: string | undefined;
  /** The provider's own message. */
  providerMessage?: string | undefined;
  /** The parsed error body. */
  data?: unknown;
  /** Milliseconds the server asked us to wait (from `retry-after-ms` / `retry-after`). */
  retryAfter?: number | undefined;
}

/** The provider answered with an HTTP error status. */
export class ApiError extends LlmError {
  static override readonly code = "api_error";
  declare readonly status: number;
  /** The URL without its query (which can hold a key). */
  declare readonly url: string;
  declare readonly type: string | undefined;
  declare readonly providerMessage: string | undefined;
  declare readonly data: unknown;
  declare readonly retryAfter: number | undefined;

  constructor(details: ApiErrorDetails, options?: LlmErrorOptions) {
    const what = details.providerMessage ?? `HTTP ${details.status}`;
    const url = stripQuery(details.url);
    super(`${details.status} from ${url}: ${what}${details.type ? ` (${details.type})` : ""}`, options);
    Object.assign(this, details, { url });
  }

  /** 408, 409, 429 and 5xx are worth retrying. */
  get isRetryable(): boolean {
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}

/** The request never got an HTTP answer (DNS, refused connection, CORS, reset). */
export class NetworkError extends LlmError {
  static override readonly code = "network_error";
  readonly isRetryable = true;
}

/** A first-byte, idle or total time limit ran out. */
export class TimeoutError extends LlmError {
  static override readonly code = "timeout";
  /** Retried while nothing of the answer has arrived. */
  readonly isRetryable = true;
}

export interface StreamErrorDetails {
  /** `malformed`: unparseable data; `error-event`: the provider reported an error mid-stream; `truncated`: the body ended early. */
  reason: "malformed" | "error-event" | "truncated";
  /** The provider's error type for `error-event` (`overloaded_error`, ...). */
  type?: string | undefined;
  providerMessage?: string | undefined;
  data?: unknown;
  isRetryable?: boolean | undefined;
}

/** The response body could not be read to its end: never silently short text. */
export class StreamError extends LlmError {
  static override readonly code = "stream_error";
  declare readonly reason: StreamErrorDetails["reason"];
  declare readonly type: string | undefined;
  declare readonly providerMessage: string | undefined;
  declare readonly data: unknown;
  declare readonly isRetryable: boolean;

  constructor(message: string, details: StreamErrorDetails, options?: LlmErrorOptions) {
    super(message, options);
    Object.assign(this, details, { isRetryable: details.isRetryable ?? false });
  }
}

/** An attachment's type is unknown or not accepted, or its content cannot be read. */
export class AttachmentError extends LlmError {
  static override readonly code = "attachment_error";
}

/**
 * The answer is not JSON or does not match the schema it was asked for
 * (`text` is the raw answer), or `schemaDsl()` text is malformed (`text` is
 * that text).
 */
export class SchemaError extends LlmError {
  static override readonly code = "schema_error";
  constructor(
    message: string,
    /** The model's answer as it came (or the schema DSL text). */
    readonly text: string,
    options?: LlmErrorOptions,
  ) {
    super(message, options);
  }
}

/** A tool could not be defined or run. */
export class ToolError extends LlmError {
  static override readonly code = "tool_error";
}

/**
 * Thrown by a `beforeCall` hook to skip one tool call: the model is told
 * `Cancelled: <message>` and the other calls still run.
 */
export class CancelToolCall extends LlmError {
  static override readonly code = "tool_call_cancelled";
}

export interface McpErrorDetails {
  /** The server's URL, without credentials, query or fragment. */
  server: string;
  /** The server's own name of the tool being called, if any. */
  tool?: string | undefined;
  /** The JSON-RPC method (`initialize`, `tools/list`, `tools/call`, ...). */
  method?: string | undefined;
  /** The HTTP status, when the server answered with an HTTP error. */
  status?: number | undefined;
  /** The JSON-RPC error code, when the server answered with a JSON-RPC error. */
  rpcCode?: number | undefined;
  /** The JSON-RPC error's `data`, or the tool result of an `isError` result. */
  data?: unknown;
}

/**
 * An MCP server (`llm-anywhere/mcp`) answered with an HTTP or JSON-RPC error,
 * broke the protocol, or a tool reported `isError`; `server` and `tool` say
 * where. Unreachable servers give `NetworkError`, slow ones `TimeoutError`.
 */
export class McpError extends LlmError {
  static override readonly code = "mcp_error";
  declare readonly server: string;
  declare readonly tool: string | undefined;
  declare readonly method: string | undefined;
  declare readonly status: number | undefined;
  declare readonly rpcCode: number | undefined;
  declare readonly data: unknown;

  constructor(message: string, details: McpErrorDetails, options?: LlmErrorOptions) {
    super(message, options);
    Object.assign(this, { tool: undefined, method: undefined, status: undefined, rpcCode: undefined, data: undefined }, details);
  }
}

/** A storage adapter failed (full, broken, unreachable). */
export class StorageError extends LlmError {
  static override readonly code = "storage_error";
}

/** Something asked for by name or id is not there: a collection, a collection entry, a logged conversation. */
export class NotFoundError extends LlmError {
  static override readonly code = "not_found";
}

/** A chain made as many model calls as its `chainLimit` allows and the model still wanted tools. */
export class ChainLimitError extends LlmError {
  static override readonly code = "chain_limit";
  constructor(readonly limit: number) {
    super(`Chain limit of ${limit} exceeded.`);
  }
}

/**
 * URLs can carry keys in their query (Gemini's `?key=`) and passwords in
 * their user info (`https://user:secret@proxy`): errors keep only the
 * scheme, host and path.
 */
export function stripQuery(url: string): string {
  const index = url.search(/[?#]/);
  return (index === -1 ? url : url.slice(0, index)).replace(/^([a-z][\w+.-]*:\/\/)[^/@]*@/i, "$1");
}
