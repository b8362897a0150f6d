import { StreamError } from "../../errors.ts";
import type { StreamPart } from "../../spec/stream-part.ts";
import { parseJsonData, type Json } from "../shared/parse-json-data.ts";
import type { SseEvent, SseHandler } from "../shared/parse-sse.ts";
import { readProviderError } from "../shared/post-json.ts";

type Enqueue = (part: StreamPart) => void;

interface ToolCallState {
  id: string | undefined;
  name: string;
  arguments: string;
}

/**
 * Maps chat-completions stream events to parts, keeping only what the end
 * needs: tool calls by `index`, the finish reason, the usage, and what
 * `raw` re-assembles (as the Python library's `combine_chunks`). Each event
 * is parsed once; chunks are not validated or kept.
 *
 * Quirks handled: role-only and role-in-every-delta chunks, `content: null`,
 * an empty-`choices` chunk carrying usage, tool-call ids and names taken
 * from the first fragment that has them (names repeated later are not
 * appended), `null` arguments, `reasoning_content` / `reasoning` deltas,
 * content given as an array of `text` / `thinking` items (Mistral), and
 * errors sent as `{"error": ...}` payloads or `event: error` events.
 */
export function createChatStreamMapper(): SseHandler<StreamPart> {
  const calls: ToolCallState[] = [];
  const head: Json = {};
  // Text kept for `raw` as pieces, joined once at the end: a 100k-delta answer built with `+=` costs 4x the memory.
  const content: string[] = [];
  let finishReason: string | undefined;
  let usage: Json | undefined;
  let metadataSent = false;

  function handleChunk(chunk: Json, enqueue: Enqueue): void {
    if (!metadataSent && (chunk.id != null || chunk.model != null)) {
      metadataSent = true;
      enqueue({ type: "response-metadata", id: chunk.id ?? undefined, model: chunk.model ?? undefined });
    }
    for (const field of ["id", "object", "created", "model"]) head[field] ??= chunk[field] ?? undefined;
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (!choice) return;
    if (choice.finish_reason != null) finishReason = choice.finish_reason;
    // A streamed chunk has a `delta`; a whole (non-streamed) completion a `message`, mapped the same way.
    const delta = choice.delta ?? choice.message;
    if (!delta) return;
    const reasoning = delta.reasoning_content || delta.reasoning;
    if (typeof reasoning === "string" && reasoning) enqueue({ type: "reasoning-delta", text: reasoning });
    const text = delta.content;
    if (typeof text === "string") {
      if (text) {
        content.push(text);
        enqueue({ type: "text-delta", text });
      }
    } else if (Array.isArray(text)) {
      content.push(emitContentItems(text, enqueue));
    }
    if (delta.tool_calls) for (const fragment of delta.tool_calls) addToolCallFragment(fragment, enqueue);
  }

  function addToolCallFragment(fragment: Json, enqueue: Enqueue): void {
    const index = typeof fragment.index === "number" ? fragment.index : indexWithoutIndex(fragment.id);
    const fn = fragment.function;
    const args = fn?.arguments;
    const argumentsDelta: string = typeof args === "string" ? args : args ? JSON.stringify(args) : "";
    let call = calls[index];
    const isNew = !call;
    if (!call) call = calls[index] = { id: undefined, name: "", arguments: "" };
    if (!call.id && fragment.id) call.id = fragment.id;
    if (!call.name && fn?.name) call.name = fn.name;
    call.arguments += argumentsDelta;
    enqueue({
      type: "tool-call-delta",
      index,
      toolCallId: isNew ? (fragment.id ?? undefined) : undefined,
      name: isNew ? (fn?.name ?? undefined) : undefined,
      argumentsDelta,
    });
  }

  /** Servers that leave out `index`: a new id starts a new call, anything else continues the last one. */
  function indexWithoutIndex(id: unknown): number {
    const last = calls.length - 1;
    if (last < 0) return 0;
    return id && calls[last]?.id && calls[last]!.id !== id ? last + 1 : last;
  }

  function end(enqueue: Enqueue, raw?: unknown): void {
    const toolCalls: Json[] = [];
    for (const call of calls) {
      if (!call) continue;
      enqueue({ type: "tool-call", toolCallId: call.id, name: call.name, arguments: call.arguments });
      toolCalls.push({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } });
    }
    if (usage) enqueue(usagePart(usage));
    enqueue({ type: "finish", reason: finishReason });
    const assembled: Json = { ...head, content: content.join(""), finish_reason: finishReason, usage: usage ?? {} };
    if (toolCalls.length) assembled.tool_calls = toolCalls;
    enqueue({ type: "raw", value: withoutNulls(raw ?? assembled) });
  }

  return {
    onEvent(event: SseEvent, enqueue: Enqueue): boolean {
      const data = event.data;
      if (data === "[DONE]") {
        end(enqueue);
        return true;
      }
      const chunk = parseJsonData(data, "chat completions", event.event === "error" ? () => errorEvent({ error: { message: data } }) : undefined);
      if (event.event === "error" || chunk.error != null) throw errorEvent(chunk);
      handleChunk(chunk, enqueue);
      // A whole completion (`stream: false`) is its own end; its raw JSON is the body itself.
      if (chunk.choices?.[0]?.message) {
        end(enqueue, chunk);
        return true;
      }
      return false;
    },
    onEnd(enqueue: Enqueue, unterminated: SseEvent | undefined): void {
      // A last `data: [DONE]` without its blank line is still the end marker.
      if (unterminated?.data === "[DONE]") return end(enqueue);
      throw new StreamError(
        "The chat completions stream ended before its [DONE] marker: the connection was cut or the server stopped early. Retry the request.",
        { reason: "truncated", isRetryable: true },
      );
    },
  };
}

/** Text and thinking items of an array `content` (Mistral's reasoning models); returns the text. */
export function emitContentItems(items: unknown[], enqueue: Enqueue): string {
  let text = "";
  for (const item of items as Json[]) {
    if (item?.type === "thinking") {
      const thinking = item.thinking;
      const pieces: Json[] = Array.isArray(thinking) ? thinking : [{ text: thinking }];
      for (const piece of pieces) {
        if (typeof piece?.text === "string" && piece.text) enqueue({ type: "reasoning-delta", text: piece.text });
      }
    } else if (typeof item?.text === "string" && item.text) {
      text += item.text;
      enqueue({ type: "text-delta", text: item.text });
    }
  }
  return text;
}

/** A `{"error": ...}` payload (or an `event: error`) as a `StreamError`. */
export function errorEvent(payload: Json): StreamError {
  const { type, message } = readProviderError(payload);
  const error: Json = typeof payload.error === "object" && payload.error !== null ? payload.error : payload;
  const status = typeof error.status_code === "number" ? error.status_code : undefined;
  const retryable =
    (status !== undefined && (status === 429 || status >= 500)) || /server_error|overloaded|rate_limit/i.test(type ?? "");
  return new StreamError(
    `The provider reported an error in the middle of the response: ${message ?? "no message"}${type ? ` (${type})` : ""}.` +
      (retryable ? " Retry the request." : ""),
    { reason: "error-event", type, providerMessage: message, data: payload, isRetryable: retryable },
  );
}

/**
 * `usage` to a part: input = prompt_tokens, output = completion_tokens, and
 * details = everything else minus total_tokens, without zero, false, null and
 * empty-object values (the Python library's `simplify_usage_dict`).
 */
export function usagePart(usage: Json): StreamPart {
  const { prompt_tokens, completion_tokens, total_tokens, ...rest } = usage;
  return {
    type: "usage",
    input: typeof prompt_tokens === "number" ? prompt_tokens : undefined,
    output: typeof completion_tokens === "number" ? completion_tokens : undefined,
    details: nonEmpty(withoutNulls(rest, true) as Json),
  };
}

const nonEmpty = (value: Json) => (Object.keys(value).length ? value : undefined);

/**
 * A copy without `null`/`undefined` values (and, with `dropZero`, without
 * `0` and `false`), and without objects left empty by that: the Python
 * library's `remove_dict_none_values` (for `raw`) and `simplify_usage_dict`
 * (for usage details).
 */
export function withoutNulls(value: unknown, dropZero = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item, dropZero));
  if (typeof value !== "object" || value === null) return value;
  const result: Json = {};
  for (const [key, item] of Object.entries(value)) {
    // Python's `v != 0` also drops False (False == 0 there).
    if (item == null || (dropZero && (item === 0 || item === false))) continue;
    const pruned = withoutNulls(item, dropZero);
    if (typeof pruned !== "object" || Array.isArray(pruned) || Object.keys(pruned as Json).length) result[key] = pruned;
  }
  return result;
}
