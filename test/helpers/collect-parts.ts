import type { StreamPart } from "../../src/spec/stream-part.ts";

export interface Collected {
  parts: StreamPart[];
  /** The error the stream ended with, if any. */
  error: unknown;
}

/** Reads a stream to its end, keeping the parts that came before an error. */
export async function collectParts(stream: ReadableStream<StreamPart> | Promise<ReadableStream<StreamPart>>): Promise<Collected> {
  const parts: StreamPart[] = [];
  const reader = (await stream).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { parts, error: undefined };
      parts.push(value);
    }
  } catch (error) {
    return { parts, error };
  }
}

export interface Summary {
  text: string;
  reasoning: string;
  toolCalls: Array<{ id: string | undefined; name: string; argumentsRaw: string; arguments: unknown }>;
  finishReason: string | undefined;
  usage: { input: number | undefined; output: number | undefined; details: unknown } | undefined;
  model: string | undefined;
  responseId: string | undefined;
  raw: unknown;
  /** Part types in order, consecutive repeats collapsed. */
  shape: string[];
}

/** What the parts add up to, parsing tool-call arguments as `Response` does. */
export function summarize(parts: readonly StreamPart[]): Summary {
  const summary: Summary = {
    text: "",
    reasoning: "",
    toolCalls: [],
    finishReason: undefined,
    usage: undefined,
    model: undefined,
    responseId: undefined,
    raw: undefined,
    shape: [],
  };
  for (const part of parts) {
    if (summary.shape.at(-1) !== part.type) summary.shape.push(part.type);
    switch (part.type) {
      case "text-delta":
        summary.text += part.text;
        break;
      case "reasoning-delta":
        summary.reasoning += part.text;
        break;
      case "tool-call": {
        const raw = typeof part.arguments === "string" ? part.arguments : JSON.stringify(part.arguments);
        summary.toolCalls.push({
          id: part.toolCallId,
          name: part.name,
          argumentsRaw: raw,
          arguments: typeof part.arguments === "string" ? (raw.trim() === "" ? {} : JSON.parse(raw)) : part.arguments,
        });
        break;
      }
      case "finish":
        summary.finishReason = part.reason;
        break;
      case "usage":
        summary.usage = { input: part.input, output: part.output, details: part.details };
        break;
      case "response-metadata":
        summary.model ??= part.model;
        summary.responseId ??= part.id;
        break;
      case "raw":
        summary.raw = part.value;
        break;
    }
  }
  return summary;
}
