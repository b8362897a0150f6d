import { StreamError } from "../../errors.ts";
import type { StreamPart, ToolCallStreamPart } from "../../spec/stream-part.ts";
import { excerpt } from "../shared/parse-json-data.ts";
import type { SseEvent, SseHandler } from "../shared/parse-sse.ts";
import { readProviderError } from "../shared/post-json.ts";

type Enqueue = (part: StreamPart) => void;
type Json = Record<string, any>;

/**
 * A tool call with the Gemini `thoughtSignature` it came with, under
 * `providerMetadata.gemini`: the signature must go back with the call on
 * later turns (Gemini 3 rejects a turn without it); `Response` keeps it on
 * the tool call.
 */
export type GeminiToolCallPart = ToolCallStreamPart & {
  readonly providerMetadata?: { readonly gemini: { readonly thoughtSignature: string } } | undefined;
};

export interface GeminiStreamMapper extends SseHandler<StreamPart> {
  /**
   * A whole JSON body: one `GenerateContentResponse` (`generateContent`) or
   * an array of them (`streamGenerateContent` without `alt=sse`). Emits
   * every part, the end included.
   */
  mapBody(text: string, enqueue: Enqueue): void;
}

/**
 * Maps Gemini `GenerateContentResponse` chunks to parts. Gemini's stream has
 * no end marker: it is complete once a chunk carried a `finishReason` (or a
 * `promptFeedback.blockReason`), and the parts that close a response
 * (`usage` from the last `usageMetadata`, since every chunk repeats it,
 * `finish`, `raw`) come when the body ends. A body that ends before that is
 * a truncated stream. Text parts are `text-delta`, `thought: true` parts
 * `reasoning-delta`, `functionCall` parts whole `tool-call`s (arguments as
 * the object Gemini sends; no id, so `Response` makes one).
 */
export function createGeminiStreamMapper(): GeminiStreamMapper {
  let metadataSent = false;
  let complete = false;
  let finishReason: string | undefined;
  let usage: Json | undefined;
  let last: Json = {};
  let lastCandidate: Json = {};
  const parts: Json[] = [];

  function handleChunk(chunk: unknown, enqueue: Enqueue): void {
    if (typeof chunk !== "object" || chunk === null || Array.isArray(chunk)) {
      throw new StreamError(`The Gemini response has data that is not a JSON object (${excerpt(JSON.stringify(chunk) ?? "")}): check the base URL.`, {
        reason: "malformed",
        data: chunk,
      });
    }
    const json = chunk as Json;
    if (json.error != null) throw errorEvent(json);
    last = json;
    if (!metadataSent && (json.responseId != null || json.modelVersion != null)) {
      metadataSent = true;
      enqueue({ type: "response-metadata", id: json.responseId ?? undefined, model: json.modelVersion ?? undefined });
    }
    if (json.usageMetadata) usage = json.usageMetadata;
    const blocked = json.promptFeedback?.blockReason;
    if (typeof blocked === "string") {
      finishReason ??= blocked;
      complete = true;
    }
    const candidate: Json | undefined = json.candidates?.[0];
    if (!candidate) return;
    lastCandidate = candidate;
    for (const part of (candidate.content?.parts ?? []) as Json[]) handlePart(part, enqueue);
    if (typeof candidate.finishReason === "string") {
      finishReason = candidate.finishReason;
      complete = true;
    }
  }

  function handlePart(part: Json, enqueue: Enqueue): void {
    const signature = typeof part.thoughtSignature === "string" && part.thoughtSignature ? (part.thoughtSignature as string) : undefined;
    if (part.functionCall) {
      const call = part.functionCall as Json;
      const args = typeof call.args === "object" && call.args !== null ? (call.args as Record<string, unknown>) : {};
      const toolCall: GeminiToolCallPart = {
        type: "tool-call",
        name: String(call.name ?? ""),
        arguments: args,
        ...(signature ? { providerMetadata: { gemini: { thoughtSignature: signature } } } : {}),
      };
      enqueue(toolCall);
      parts.push(part);
      return;
    }
    if (typeof part.text !== "string") return;
    const thought = part.thought === true;
    if (part.text) enqueue({ type: thought ? "reasoning-delta" : "text-delta", text: part.text });
    // For `raw`: consecutive text of one kind joins into one part; a signature stays with its part.
    const previous = parts.at(-1);
    if (previous && typeof previous.text === "string" && (previous.thought === true) === thought && !previous.thoughtSignature) {
      previous.text += part.text;
      if (signature) previous.thoughtSignature = signature;
    } else if (part.text || signature) {
      parts.push({ ...(thought ? { thought: true } : {}), text: part.text, ...(signature ? { thoughtSignature: signature } : {}) });
    }
  }

  function end(enqueue: Enqueue, raw?: unknown): void {
    if (usage) enqueue(usagePart(usage));
    enqueue({ type: "finish", reason: finishReason });
    if (raw === undefined) {
      const { content: _, ...candidate } = lastCandidate;
      raw = { ...last, candidates: [{ ...candidate, content: { role: "model", parts } }], ...(usage ? { usageMetadata: usage } : {}) };
    }
    enqueue({ type: "raw", value: raw });
  }

  function parse(data: string): unknown {
    try {
      return JSON.parse(data);
    } catch (cause) {
      throw new StreamError(
        `The Gemini response has data that is not JSON (${excerpt(data)}): it was cut off, or the base URL does not point to the Gemini API. Retry, or check the base URL.`,
        { reason: "malformed", data },
        { cause },
      );
    }
  }

  return {
    onEvent(event: SseEvent, enqueue: Enqueue): boolean {
      if (event.data.trim() === "") return false;
      handleChunk(parse(event.data), enqueue);
      // No end marker: the body's end closes the stream (a usage-only chunk may still follow).
      return false;
    },
    onEnd(enqueue: Enqueue, unterminated: SseEvent | undefined): void {
      // A last event without its blank line is whole if its JSON is.
      if (unterminated && unterminated.data.trim() !== "") {
        let chunk: unknown;
        try {
          chunk = JSON.parse(unterminated.data);
        } catch {
          chunk = undefined;
        }
        if (chunk !== undefined) handleChunk(chunk, enqueue);
      }
      if (!complete) {
        throw new StreamError(
          "The Gemini stream ended before any chunk carried a finish reason: the connection was cut or the server stopped early. Retry the request.",
          { reason: "truncated", isRetryable: true },
        );
      }
      end(enqueue);
    },
    mapBody(text: string, enqueue: Enqueue): void {
      const body = parse(text);
      const chunks = Array.isArray(body) ? body : [body];
      for (const chunk of chunks) handleChunk(chunk, enqueue);
      end(enqueue, Array.isArray(body) ? undefined : body);
    },
  };
}

const retryableStatuses = new Set(["RESOURCE_EXHAUSTED", "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED"]);

/** A `{"error": {code, message, status}}` payload inside a 200 stream, as a `StreamError`. */
export function errorEvent(payload: Json): StreamError {
  const { type, message } = readProviderError(payload);
  const error: Json = typeof payload.error === "object" && payload.error !== null ? payload.error : {};
  const code = typeof error.code === "number" ? error.code : undefined;
  const retryable = (code !== undefined && (code === 429 || code >= 500)) || retryableStatuses.has(String(error.status));
  return new StreamError(
    `Gemini reported an error in the middle of the response: ${message ?? "no message"}${type ? ` (${type})` : ""}.` + (retryable ? " Retry the request." : ""),
    { reason: "error-event", type, providerMessage: message, data: payload, isRetryable: retryable },
  );
}

/**
 * `usageMetadata` to a part: input = `promptTokenCount`; output =
 * `candidatesTokenCount` + `thoughtsTokenCount` (thinking is billed as
 * output); details = the rest without `promptTokenCount` and
 * `totalTokenCount` (so `candidatesTokenCount` and `thoughtsTokenCount`
 * stay visible), zero values dropped.
 */
export function usagePart(usage: Json): StreamPart {
  const { promptTokenCount, totalTokenCount: _, ...rest } = usage;
  const candidates = typeof usage.candidatesTokenCount === "number" ? usage.candidatesTokenCount : undefined;
  const thoughts = typeof usage.thoughtsTokenCount === "number" ? usage.thoughtsTokenCount : undefined;
  const details: Json = {};
  for (const [key, value] of Object.entries(rest)) if (value !== 0 && value != null) details[key] = value;
  return {
    type: "usage",
    input: typeof promptTokenCount === "number" ? promptTokenCount : undefined,
    output: candidates === undefined && thoughts === undefined ? undefined : (candidates ?? 0) + (thoughts ?? 0),
    details: Object.keys(details).length ? details : undefined,
  };
}

