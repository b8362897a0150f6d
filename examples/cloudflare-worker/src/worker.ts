// A Cloudflare Worker that prompts a model and streams the answer back as the
// HTTP response body, logging every answer (and so every conversation) to a
// KV namespace.
//
//   POST /prompt  {"prompt": "...", "model"?: "...", "conversationId"?: "..."}
//                 -> the answer as text/plain, streamed; its conversation in x-conversation-id
//   GET  /logs    -> the 20 most recent logged responses, as JSON
//
// Errors are JSON: {"error": {"code": "...", "message": "..."}}.
// Run it with `npx wrangler@4.86.0 dev --local --ip 127.0.0.1` from this folder (see README.md).
import * as llm from "llm-anywhere";
import { createCloudflareKVStorage, type KVNamespaceLike } from "llm-anywhere/storage/cloudflare-kv";

/** The Worker's bindings (wrangler.toml, plus secrets such as OPENAI_API_KEY). */
export interface Env {
  /** The KV namespace logs and conversations are stored in. */
  LOGS: KVNamespaceLike;
  /** A secret: `npx wrangler secret put OPENAI_API_KEY` (or `.dev.vars` for `wrangler dev`). */
  OPENAI_API_KEY?: string;
  /** Another OpenAI-compatible server (a proxy, a local model server, a mock). */
  OPENAI_BASE_URL?: string;
  [binding: string]: unknown;
}

/** The part of the Workers `ExecutionContext` used here (no `@cloudflare/workers-types` needed). */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** Larger request bodies are refused (413) before they are read. */
const maxBodyBytes = 64 * 1024;
/** Conversation ids are the library's ULIDs; anything else is refused before KV is asked. */
const conversationIdPattern = /^[0-9A-Za-z_-]{1,64}$/;

/**
 * The library's configuration (env, storage, logging) is module-wide state,
 * and one isolate serves many requests, some at the same time. The Worker's
 * `env` (variables, secrets, the KV binding) is the same for every request an
 * isolate serves: changing a secret or a binding deploys a new version, which
 * runs in new isolates. So this configures once per isolate, not on every
 * request: per request it would also re-read the stored settings from KV
 * (one list and three reads) every time.
 *
 * `configuredFor` is set only once configure() has finished. Requests that
 * arrive while the first one is still configuring run their own configure()
 * (it is idempotent) rather than await the first request's promise: workerd
 * ties I/O to the request that started it, and a promise left waiting on
 * another request's KV read can hang if that request is cancelled.
 */
let configuredFor: Env | undefined;

async function configureOnce(env: Env): Promise<void> {
  if (configuredFor === env) return;
  await llm.configure({
    env: stringsOf(env),
    storage: createCloudflareKVStorage(env.LOGS),
    log: true,
  });
  configuredFor = env;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    try {
      if (pathname === "/prompt") {
        if (request.method !== "POST") return failure(405, "method_not_allowed", "Use POST /prompt with a JSON body: {\"prompt\": \"...\"}.", { allow: "POST" });
        const asked = await readPromptRequest(request);
        await configureOnce(env);
        return await prompt(asked, request, env, ctx);
      }
      if (pathname === "/logs") {
        if (request.method !== "GET") return failure(405, "method_not_allowed", "Use GET /logs.", { allow: "GET" });
        await configureOnce(env);
        // Anyone who can reach this Worker can read every logged prompt and
        // answer here: put it behind Cloudflare Access (or remove it) before deploying.
        return Response.json(await llm.logs.list({ limit: 20 }), { headers: { "cache-control": "no-store" } });
      }
      return failure(404, "not_found", "Not found: use POST /prompt or GET /logs.");
    } catch (error) {
      return errorResponse(error, env);
    }
  },
};

interface PromptRequest {
  prompt: string;
  model?: string | undefined;
  conversationId?: string | undefined;
}

/** A 4xx answer for a request this Worker will not run. */
class BadRequest extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readPromptRequest(request: Request): Promise<PromptRequest> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBodyBytes) throw new BadRequest(413, "body_too_large", `The request body is over ${maxBodyBytes} bytes.`);
  // Read as bytes: a body sent without a content-length is only measured here.
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > maxBodyBytes) throw new BadRequest(413, "body_too_large", `The request body is over ${maxBodyBytes} bytes.`);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new BadRequest(400, "invalid_json", 'The request body is not JSON: send {"prompt": "...", "model"?: "...", "conversationId"?: "..."}.');
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BadRequest(400, "invalid_request", 'The request body must be a JSON object: {"prompt": "...", "model"?: "...", "conversationId"?: "..."}.');
  }
  const { prompt, model, conversationId } = body as Record<string, unknown>;
  if (typeof prompt !== "string" || prompt.trim() === "") throw new BadRequest(400, "invalid_request", '"prompt" must be a non-empty string.');
  if (model !== undefined && (typeof model !== "string" || model === "")) throw new BadRequest(400, "invalid_request", '"model" must be a model id or alias, such as "gpt-4o-mini" or "echo".');
  if (conversationId !== undefined && (typeof conversationId !== "string" || !conversationIdPattern.test(conversationId))) {
    throw new BadRequest(400, "invalid_request", '"conversationId" must be the x-conversation-id of an earlier answer.');
  }
  return { prompt, model, conversationId };
}

async function prompt(asked: PromptRequest, request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  let conversation: llm.Conversation;
  if (asked.conversationId !== undefined) {
    // loadConversation() fails with a StorageError both when there is no such
    // conversation and when KV fails: look first, to answer 404 for the former.
    const [latest] = await llm.logs.list({ conversationId: asked.conversationId, limit: 1 });
    if (!latest) throw new BadRequest(404, "conversation_not_found", `No logged conversation with id ${asked.conversationId}.`);
    // Without a model, the conversation goes on with the model of its last answer.
    conversation = await llm.loadConversation(asked.conversationId, asked.model === undefined ? {} : { model: asked.model });
  } else {
    conversation = llm.getModel(asked.model ?? (env.OPENAI_API_KEY ? "gpt-4o-mini" : "echo")).conversation();
  }
  // Stops the model's request when the client goes away: when the body is
  // cancelled (below), or through request.signal where workerd passes the
  // disconnect on to it. An answer stopped that way is not logged.
  const stop = new AbortController();
  const response = conversation.prompt(asked.prompt, { signal: AbortSignal.any([request.signal, stop.signal]) });

  // The body below ends when the answer's last chunk is sent, but the log is
  // written after that (several KV writes: the entry, its conversation turn,
  // the conversation's name). Once the body has been sent, workerd ends the
  // request and cancels whatever it is still doing: without waitUntil(),
  // streamed answers were not logged at all in workerd. `response.logged`
  // settles once the log is written, and waitUntil() keeps the request alive
  // until then. A failed write is already reported with console.warn by the
  // library (log: true), and a failed answer is reported to the client:
  // neither needs to fail the waitUntil() promise.
  ctx.waitUntil(response.logged.catch(() => {}));

  // Nothing is sent until the answer is consumed: wait for its first chunk,
  // so that a missing key or a provider's error becomes a JSON error with its
  // own status (thrown from here) rather than a 200 with a broken body.
  const answer = response[Symbol.asyncIterator]();
  const first = await answer.next();

  return new Response(streamAnswer(first, answer, stop, env), {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      // "identity": workerd compresses text/plain otherwise, and a compressed
      // body reaches the client only at the end, all at once.
      "content-encoding": "identity",
      "cache-control": "no-store",
      "x-conversation-id": conversation.id,
      "x-response-id": response.id,
      "x-model": conversation.model.modelId,
    },
  });
}

/**
 * The answer's chunks as the response body, from its first one on.
 *
 * An answer can still fail after the status line has gone (a provider
 * failing halfway, say). Erroring the body is the only HTTP way to say so,
 * and local workerd (miniflare, wrangler dev) ends such a body normally:
 * the client would take part of the answer for all of it. So the body first
 * gets a last line, `[error: <code>] <message>`, and only then the error.
 */
function streamAnswer(first: IteratorResult<string>, answer: AsyncIterator<string>, stop: AbortController, env: Env): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let failed: { error: unknown } | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      // The error line has been read: now the body fails.
      if (failed) return controller.error(failed.error);
      try {
        const next = await answer.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // Stopped because the client went away: there is no one to tell.
        if (stop.signal.aborted) return;
        failed = { error };
        const { code, message } = describeError(error, env);
        controller.enqueue(encoder.encode(`\n\n[error: ${code}] ${message}\n`));
      }
    },
    cancel(reason) {
      // The client went away: stop the model's request.
      void answer.return?.();
      stop.abort(reason);
    },
  });
}

/** Statuses for the library's error codes: the request's fault (4xx), the provider's (502), or ours (5xx). */
const statusOfCode: Record<string, number> = {
  unknown_model: 400,
  invalid_options: 400,
  attachment_error: 400,
  tool_error: 400,
  needs_key: 401,
  api_error: 502,
  network_error: 502,
  stream_error: 502,
  timeout: 504,
  storage_error: 503,
};

function errorResponse(error: unknown, env: Env): Response {
  const { status, code, message } = describeError(error, env);
  return failure(status, code, message);
}

/** An error as the client sees it: status, code and a message without any secret. */
function describeError(error: unknown, env: Env): { status: number; code: string; message: string } {
  if (error instanceof BadRequest) return { status: error.status, code: error.code, message: error.message };
  if (llm.NeedsKeyError.is(error)) {
    const variable = error.envVar ?? "OPENAI_API_KEY";
    const message =
      `This model needs a key: set the ${variable} secret with \`npx wrangler secret put ${variable}\` ` +
      `(for wrangler dev, a line ${variable}=... in .dev.vars next to wrangler.toml), or ask for the model "echo", which needs none.`;
    return { status: 401, code: error.code, message };
  }
  if (llm.isLlmError(error)) {
    // The library never puts a key in a message; redacting the secrets anyway costs nothing.
    return { status: statusOfCode[error.code] ?? 500, code: error.code, message: redact(error.message, env) };
  }
  // Not the library's (an abort, a bug): details go to the Worker's logs (wrangler tail), not to the client.
  console.error("worker: unexpected error", error);
  return { status: 500, code: "internal_error", message: "Something went wrong in the Worker; its logs say what." };
}

function failure(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** The Worker's string variables and secrets: what llm.configure({ env }) reads keys and base URLs from. */
function stringsOf(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** `text` with the value of every secret-looking variable replaced. */
function redact(text: string, env: Env): string {
  let redacted = text;
  for (const [name, value] of Object.entries(stringsOf(env))) {
    if (/KEY|TOKEN|SECRET|PASSWORD/i.test(name) && value.length >= 4) redacted = redacted.split(value).join("[redacted]");
  }
  return redacted;
}
