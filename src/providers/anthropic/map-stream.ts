import { StreamError } from "../../errors.ts";
import type { ReasoningDeltaPart, StreamPart } from "../../spec/stream-part.ts";
import { isRecord, parseJsonData, type Json } from "../shared/parse-json-data.ts";
import type { SseEvent, SseHandler } from "../shared/parse-sse.ts";
import type { AnthropicReasoningMetadata } from "./convert-messages.ts";

type Enqueue = (part: StreamPart) => void;

/**
 * A `reasoning-delta` that also carries what a thinking block needs to be
 * sent back. Emitted once per thinking block, at its end, with `text: ""`; `Response`
 * keeps it on the block's reasoning part, and the next turn sends it back.
 */
export interface AnthropicReasoningDelta extends ReasoningDeltaPart {
  readonly redacted?: boolean;
  readonly providerMetadata: { readonly anthropic: AnthropicReasoningMetadata };
}

/** The name of the forced tool that carries a schema's answer on models without native structured outputs. */
export const structuredOutputTool = "output_structured_data";

interface BlockState {
  block: Json;
  /** Concatenated `input_json_delta`s of a tool_use block. */
  json: string;
  /** Position of a tool call among this response's calls. */
  callIndex: number;
}

export interface MessagesStreamMapperOptions {
  /** Text emitted before anything else (the `prefill` option). */
  prefix?: string | undefined;
}

/**
 * Maps Messages API stream events to parts: `message_start` (id, model,
 * input usage), `content_block_start/delta/stop` (text, thinking,
 * signatures, redacted thinking, tool_use input), `message_delta` (stop
 * reason, output usage), `message_stop` (the end marker). `ping` and event
 * types it does not know are ignored; `error` events become a `StreamError`.
 * A whole (non-streamed) message is mapped by the same code, as the events
 * it would have streamed. The forced `output_structured_data` tool's input
 * is the answer's text.
 */
export function createMessagesStreamMapper(options: MessagesStreamMapperOptions = {}): SseHandler<StreamPart> {
  const blocks = new Map<number, BlockState>();
  const content: Json[] = [];
  let message: Json = {};
  let usage: Json = {};
  let calls = 0;
  let prefix = options.prefix;

  function emitText(text: string, enqueue: Enqueue): void {
    if (prefix) {
      enqueue({ type: "text-delta", text: prefix });
      prefix = undefined;
    }
    if (text) enqueue({ type: "text-delta", text });
  }

  function start(chunk: Json, enqueue: Enqueue): void {
    const { content: _content, usage: startUsage, ...rest } = chunk.message ?? {};
    message = rest;
    usage = { ...startUsage };
    enqueue({ type: "response-metadata", id: rest.id ?? undefined, model: rest.model ?? undefined });
  }

  function blockStart(index: number, block: Json, enqueue: Enqueue): void {
    const state: BlockState = { block: { ...block }, json: "", callIndex: -1 };
    blocks.set(index, state);
    content[index] = state.block;
    if (block.type === "text") {
      if (block.text) emitText(block.text, enqueue);
    } else if (block.type === "thinking") {
      if (block.thinking) enqueue({ type: "reasoning-delta", text: block.thinking });
    } else if (block.type === "tool_use" && block.name !== structuredOutputTool) {
      state.callIndex = calls++;
      enqueue({ type: "tool-call-delta", index: state.callIndex, toolCallId: block.id, name: block.name, argumentsDelta: "" });
    }
  }

  function blockDelta(index: number, delta: Json, enqueue: Enqueue): void {
    const state = blocks.get(index);
    if (!state) return;
    const block = state.block;
    switch (delta?.type) {
      case "text_delta":
        if (typeof delta.text === "string") {
          block.text = (block.text ?? "") + delta.text;
          emitText(delta.text, enqueue);
        }
        break;
      case "thinking_delta":
        if (typeof delta.thinking === "string" && delta.thinking) {
          block.thinking = (block.thinking ?? "") + delta.thinking;
          enqueue({ type: "reasoning-delta", text: delta.thinking });
        }
        break;
      case "signature_delta":
        if (typeof delta.signature === "string") block.signature = (block.signature ?? "") + delta.signature;
        break;
      case "input_json_delta": {
        const piece = typeof delta.partial_json === "string" ? delta.partial_json : "";
        state.json += piece;
        if (!piece) break;
        if (block.name === structuredOutputTool) emitText(piece, enqueue);
        else if (state.callIndex >= 0) enqueue({ type: "tool-call-delta", index: state.callIndex, argumentsDelta: piece });
        break;
      }
    }
  }

  function blockStop(index: number, enqueue: Enqueue): void {
    const state = blocks.get(index);
    if (!state) return;
    const block = state.block;
    if (block.type === "tool_use") {
      // No input deltas (or a whole message): the start block's input, normally `{}`.
      const input: Json | undefined = isRecord(block.input) ? block.input : undefined;
      if (state.json) block.input = parseOr(state.json, block.input);
      if (block.name === structuredOutputTool) {
        if (!state.json && input) emitText(JSON.stringify(input), enqueue);
      } else {
        const args = state.json || (input && Object.keys(input).length ? input : "");
        enqueue({ type: "tool-call", toolCallId: block.id, name: block.name ?? "", arguments: args });
      }
    } else if (block.type === "thinking" && block.signature) {
      enqueue(reasoningMetadata({ signature: block.signature }));
    } else if (block.type === "redacted_thinking" && typeof block.data === "string") {
      enqueue(reasoningMetadata({ redactedData: block.data }, true));
    }
  }

  function end(enqueue: Enqueue, raw?: Json): void {
    if (prefix) emitText("", enqueue);
    const assembled = raw ?? { ...message, content: content.filter(Boolean), usage };
    enqueue(usagePart(usage));
    enqueue({ type: "finish", reason: message.stop_reason ?? undefined });
    enqueue({ type: "raw", value: assembled });
  }

  function handle(chunk: Json, enqueue: Enqueue): boolean {
    switch (chunk.type) {
      case "message_start":
        start(chunk, enqueue);
        return false;
      case "content_block_start":
        blockStart(chunk.index, chunk.content_block ?? {}, enqueue);
        return false;
      case "content_block_delta":
        blockDelta(chunk.index, chunk.delta, enqueue);
        return false;
      case "content_block_stop":
        blockStop(chunk.index, enqueue);
        return false;
      case "message_delta":
        for (const [name, value] of Object.entries(chunk.delta ?? {})) if (value != null || !(name in message)) message[name] = value;
        for (const [name, value] of Object.entries(chunk.usage ?? {})) if (value != null) usage[name] = value;
        return false;
      case "message_stop":
        end(enqueue);
        return true;
      case "error":
        throw errorEvent(chunk);
      case "message":
        return whole(chunk, enqueue);
      default:
        // `ping`, and event types added to the API later.
        return false;
    }
  }

  /** A whole message (`stream: false`), replayed as the events it would have streamed. */
  function whole(body: Json, enqueue: Enqueue): boolean {
    const { content: blocksOfBody, stop_reason, stop_sequence, ...rest } = body;
    start({ message: { ...rest, stop_reason: null, stop_sequence: null } }, enqueue);
    (Array.isArray(blocksOfBody) ? blocksOfBody : []).forEach((block: Json, index: number) => {
      blockStart(index, block, enqueue);
      blockStop(index, enqueue);
    });
    message.stop_reason = stop_reason;
    message.stop_sequence = stop_sequence;
    end(enqueue, body);
    return true;
  }

  return {
    onEvent(event: SseEvent, enqueue: Enqueue): boolean {
      const data = event.data;
      const chunk = parseJsonData(data, "Messages API", event.event === "error" ? () => errorEvent({ error: { message: data } }) : undefined);
      if (event.event === "error" && chunk.type !== "error") throw errorEvent(chunk);
      return handle(chunk, enqueue);
    },
    onEnd(): void {
      throw new StreamError(
        "The Messages API stream ended before its message_stop event: the connection was cut or the server stopped early. Retry the request.",
        { reason: "truncated", isRetryable: true },
      );
    },
  };
}

function reasoningMetadata(anthropic: AnthropicReasoningMetadata, redacted?: boolean): StreamPart {
  const part: AnthropicReasoningDelta = { type: "reasoning-delta", text: "", ...(redacted ? { redacted } : {}), providerMetadata: { anthropic } };
  return part;
}

/** Error types worth retrying: the API is overloaded, failed internally, or is rate limiting. */
const retryableTypes = new Set(["overloaded_error", "api_error", "rate_limit_error", "timeout_error"]);

/** An `error` event (`{type: "error", error: {type, message}}`) as a `StreamError`. */
export function errorEvent(payload: Json): StreamError {
  const error: Json = isRecord(payload.error) ? payload.error : payload;
  const type = typeof error.type === "string" && error.type !== "error" ? error.type : undefined;
  const message = typeof error.message === "string" ? error.message : undefined;
  const retryable = type !== undefined && retryableTypes.has(type);
  return new StreamError(
    `Anthropic reported an error in the middle of the response: ${message ?? "no message"}${type ? ` (${type})` : ""}.` +
      (retryable ? " Retry the request." : ""),
    { reason: "error-event", type, providerMessage: message, data: payload, isRetryable: retryable },
  );
}

/**
 * Usage: input and output tokens, and as details the cache token counts and
 * server tool use when not zero.
 */
export function usagePart(usage: Json): StreamPart {
  const details: Json = {};
  for (const name of ["cache_creation_input_tokens", "cache_read_input_tokens"]) {
    if (typeof usage[name] === "number" && usage[name]) details[name] = usage[name];
  }
  if (isRecord(usage.server_tool_use) && Object.values(usage.server_tool_use).some((count) => count)) details.server_tool_use = usage.server_tool_use;
  return {
    type: "usage",
    input: typeof usage.input_tokens === "number" ? usage.input_tokens : undefined,
    output: typeof usage.output_tokens === "number" ? usage.output_tokens : undefined,
    details: Object.keys(details).length ? details : undefined,
  };
}

function parseOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

