import { StreamError } from "../../errors.ts";
import type { ReasoningDeltaPart, StreamPart } from "../../spec/stream-part.ts";
import { usagePart as chatUsagePart } from "../openai/map-stream.ts";
import { isRecord, parseJsonData, type Json } from "../shared/parse-json-data.ts";
import type { SseEvent, SseHandler } from "../shared/parse-sse.ts";
import type { OpenAIReasoningMetadata } from "./convert-messages.ts";

type Enqueue = (part: StreamPart) => void;

/**
 * A `reasoning-delta` that also carries what a reasoning item needs to be
 * sent back. Emitted once per reasoning item, at its end, with `text: ""`; `Response`
 * keeps it on the item's reasoning part, and the next turn sends it back.
 */
export interface OpenAIReasoningDelta extends ReasoningDeltaPart {
  readonly providerMetadata: { readonly openai: OpenAIReasoningMetadata };
}

interface CallState {
  /** Position of the call among this response's calls. */
  index: number;
  callId: string | undefined;
  name: string;
  arguments: string;
  emitted: boolean;
}


/**
 * Maps Responses API stream events to parts: `response.created` (id,
 * model), `response.output_text.delta` (text), `response.reasoning_summary_text.delta`
 * (reasoning; summary parts separated by a blank line), function call items
 * (`response.output_item.added`, `response.function_call_arguments.delta` /
 * `.done`, `response.output_item.done`: tool-call deltas and one `tool-call`
 * with the `call_id`), reasoning items (their metadata, at their end), and
 * `response.completed` / `response.incomplete` (usage, finish reason, and the
 * final response as `raw`: the end marker). `error` events and
 * `response.failed` become a `StreamError`; event types it does not know are
 * ignored. A whole (non-streamed) response is mapped by the same code, as
 * the items it would have streamed.
 */
export function createResponsesStreamMapper(): SseHandler<StreamPart> {
  const calls = new Map<string, CallState>();
  // Items whose text or summary came as deltas: their `done` event must not repeat it.
  const streamed = new Set<string>();
  let callCount = 0;
  let metadataSent = false;
  // Whether any output item event came; if none did, the final response's items are replayed.
  let itemsSeen = false;

  function metadata(response: Json | undefined, enqueue: Enqueue): void {
    if (metadataSent || !isRecord(response)) return;
    metadataSent = true;
    enqueue({ type: "response-metadata", id: response.id ?? undefined, model: response.model ?? undefined });
  }

  /** The call an event is about: by item id, else by output index. */
  function callOf(chunk: Json): CallState | undefined {
    return calls.get(`item:${chunk.item_id}`) ?? calls.get(`index:${chunk.output_index}`);
  }

  function startCall(item: Json, outputIndex: unknown, enqueue: Enqueue): CallState {
    const call: CallState = {
      index: callCount++,
      callId: item.call_id ?? undefined,
      name: item.name ?? "",
      arguments: typeof item.arguments === "string" ? item.arguments : "",
      emitted: false,
    };
    if (item.id != null) calls.set(`item:${item.id}`, call);
    if (outputIndex != null) calls.set(`index:${outputIndex}`, call);
    enqueue({ type: "tool-call-delta", index: call.index, toolCallId: call.callId, name: call.name || undefined, argumentsDelta: call.arguments });
    return call;
  }

  function emitCall(call: CallState, enqueue: Enqueue): void {
    if (call.emitted) return;
    call.emitted = true;
    enqueue({ type: "tool-call", toolCallId: call.callId, name: call.name, arguments: call.arguments });
  }

  /** A finished output item: a function call's `tool-call`, a reasoning item's metadata, text not streamed. */
  function itemDone(item: Json, outputIndex: unknown, enqueue: Enqueue): void {
    if (!isRecord(item)) return;
    const id = typeof item.id === "string" ? item.id : undefined;
    if (item.type === "function_call") {
      const call = (id && calls.get(`item:${id}`)) || (outputIndex != null && calls.get(`index:${outputIndex}`)) || startCall(item, outputIndex, enqueue);
      if (typeof item.arguments === "string") call.arguments = item.arguments;
      call.callId = item.call_id ?? call.callId;
      call.name = item.name ?? call.name;
      emitCall(call, enqueue);
    } else if (item.type === "message" && !(id && streamed.has(id))) {
      for (const content of Array.isArray(item.content) ? item.content : []) {
        const text = content?.type === "refusal" ? content.refusal : content?.text;
        if (typeof text === "string" && text) enqueue({ type: "text-delta", text });
      }
    } else if (item.type === "reasoning") {
      const summary: Json[] = Array.isArray(item.summary) ? item.summary : [];
      if (!(id && streamed.has(id))) {
        const text = summary.map((part) => (typeof part?.text === "string" ? part.text : "")).filter(Boolean).join("\n\n");
        if (text) emitReasoning(`${id}:whole`, text, enqueue);
      }
      if (id) {
        const openai: OpenAIReasoningMetadata = { id, summary: summary as OpenAIReasoningMetadata["summary"] };
        if (typeof item.encrypted_content === "string") openai.encrypted_content = item.encrypted_content;
        const part: OpenAIReasoningDelta = { type: "reasoning-delta", text: "", providerMetadata: { openai } };
        enqueue(part);
      }
    }
  }

  function end(response: Json, enqueue: Enqueue): void {
    metadata(response, enqueue);
    if (!itemsSeen) (Array.isArray(response.output) ? response.output : []).forEach((item: Json, index: number) => itemDone(item, index, enqueue));
    for (const call of new Set(calls.values())) emitCall(call, enqueue);
    if (isRecord(response.usage)) enqueue(usagePart(response.usage));
    const status = typeof response.status === "string" ? response.status : undefined;
    const incomplete = response.incomplete_details?.reason;
    enqueue({ type: "finish", reason: status === "incomplete" && typeof incomplete === "string" ? incomplete : status });
    enqueue({ type: "raw", value: response });
  }

  /** A whole response (`stream: false`), replayed as the items it would have streamed. */
  function whole(response: Json, enqueue: Enqueue): true {
    metadata(response, enqueue);
    if (response.status === "failed") throw errorEvent(response);
    end(response, enqueue);
    return true;
  }

  function handle(chunk: Json, enqueue: Enqueue): boolean {
    if (typeof chunk.type === "string" && itemEvent.test(chunk.type)) itemsSeen = true;
    switch (chunk.type) {
      case "response.created":
      case "response.in_progress":
        metadata(chunk.response, enqueue);
        return false;
      case "response.output_text.delta":
      case "response.refusal.delta":
        if (typeof chunk.item_id === "string") streamed.add(chunk.item_id);
        if (typeof chunk.delta === "string" && chunk.delta) enqueue({ type: "text-delta", text: chunk.delta });
        return false;
      case "response.reasoning_summary_text.delta":
        return summaryDelta(chunk, enqueue);
      case "response.output_item.added":
        if (chunk.item?.type === "function_call") startCall(chunk.item, chunk.output_index, enqueue);
        return false;
      case "response.function_call_arguments.delta": {
        const call = callOf(chunk);
        const delta = typeof chunk.delta === "string" ? chunk.delta : "";
        if (call && delta) {
          call.arguments += delta;
          enqueue({ type: "tool-call-delta", index: call.index, argumentsDelta: delta });
        }
        return false;
      }
      case "response.function_call_arguments.done": {
        const call = callOf(chunk);
        if (call && typeof chunk.arguments === "string") call.arguments = chunk.arguments;
        return false;
      }
      case "response.output_item.done":
        itemDone(chunk.item, chunk.output_index, enqueue);
        return false;
      case "response.completed":
      case "response.incomplete":
        end(isRecord(chunk.response) ? chunk.response : {}, enqueue);
        return true;
      case "response.failed":
        throw errorEvent(isRecord(chunk.response) ? chunk.response : chunk);
      case "error":
        throw errorEvent(chunk);
      default:
        // A whole response (`stream: false`) has no `type`.
        if (chunk.type === undefined && chunk.object === "response") return whole(chunk, enqueue);
        return false;
    }
  }

  // Summary parts (of one reasoning item or several) are separated by a blank line.
  let lastSummary: string | undefined;
  function emitReasoning(key: string, text: string, enqueue: Enqueue): void {
    const separator = lastSummary !== undefined && lastSummary !== key ? "\n\n" : "";
    lastSummary = key;
    enqueue({ type: "reasoning-delta", text: separator + text });
  }

  function summaryDelta(chunk: Json, enqueue: Enqueue): false {
    const delta = typeof chunk.delta === "string" ? chunk.delta : "";
    if (!delta) return false;
    if (typeof chunk.item_id === "string") streamed.add(chunk.item_id);
    emitReasoning(`${chunk.item_id}:${chunk.summary_index ?? 0}`, delta, enqueue);
    return false;
  }

  function parse(event: SseEvent): Json | undefined {
    const data = event.data;
    // Not sent by OpenAI; some compatible servers end with it. `response.completed` is the end marker.
    if (data === "[DONE]") return undefined;
    return parseJsonData(data, "Responses API", event.event === "error" ? () => errorEvent({ message: data }) : undefined);
  }

  return {
    onEvent(event: SseEvent, enqueue: Enqueue): boolean {
      const chunk = parse(event);
      return chunk ? handle(chunk, enqueue) : false;
    },
    onEnd(enqueue: Enqueue, unterminated: SseEvent | undefined): void {
      // A last `response.completed` without its blank line is still the end marker.
      const last = unterminated && unterminated.data !== "[DONE]" ? parse(unterminated) : undefined;
      if (last && (last.type === "response.completed" || last.type === "response.incomplete" || last.type === "error" || last.type === "response.failed")) {
        handle(last, enqueue);
        return;
      }
      throw new StreamError(
        "The Responses API stream ended before its response.completed event: the connection was cut or the server stopped early. Retry the request.",
        { reason: "truncated", isRetryable: true },
      );
    },
  };
}

/** Events about output items (as opposed to the response as a whole). */
const itemEvent = /^response\.(output_|reasoning|function_call|refusal|content_part)/;

/** Error codes worth retrying: the API failed internally, is overloaded, or is rate limiting. */
const retryable = /server_error|rate_limit|overloaded|timeout|unavailable/i;

/**
 * An `error` event (`{code, message}`, or `{error: {type, code, message}}`)
 * or a failed response (`{status: "failed", error: {code, message}}`) as a
 * `StreamError` whose `type` is the provider's code.
 */
export function errorEvent(payload: Json): StreamError {
  const error: Json = isRecord(payload.error) ? payload.error : payload;
  const code = [error.code, error.type].find((value) => typeof value === "string" && value && value !== "error") as string | undefined;
  const message = typeof error.message === "string" ? error.message : undefined;
  const isRetryable = code !== undefined && retryable.test(code);
  return new StreamError(
    `OpenAI reported an error in the middle of the response: ${message ?? "no message"}${code ? ` (${code})` : ""}.` +
      (isRetryable ? " Retry the request." : ""),
    { reason: "error-event", type: code, providerMessage: message, data: payload, isRetryable },
  );
}

/**
 * `usage` to a part: input = input_tokens, output = output_tokens, details =
 * the rest minus total_tokens without zero values (the Python library's
 * `simplify_usage_dict`), e.g. `{output_tokens_details: {reasoning_tokens: 448}}`.
 */
export function usagePart(usage: Json): StreamPart {
  const { input_tokens, output_tokens, ...rest } = usage;
  return chatUsagePart({ ...rest, prompt_tokens: input_tokens, completion_tokens: output_tokens });
}

