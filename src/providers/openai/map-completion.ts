import { StreamError } from "../../errors.ts";
import type { StreamPart } from "../../spec/stream-part.ts";
import { emitContentItems, errorEvent, usagePart, withoutNulls } from "./map-stream.ts";

type Json = Record<string, any>;

/**
 * Maps a whole (non-streamed) chat completion body to the same parts a
 * stream gives: metadata, reasoning, text, tool calls, usage, finish, and
 * the body itself (without nulls) as `raw`. Text that is not JSON, a
 * `{"error": ...}` body and a body without choices throw a `StreamError`.
 */
export function mapCompletion(text: string): StreamPart[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new StreamError(
      "The chat completion body is not valid JSON (it may have been cut off): retry the request, or check the base URL.",
      { reason: "malformed", data: text.length > 1000 ? `${text.slice(0, 1000)}...` : text, isRetryable: true },
      { cause },
    );
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new StreamError("The chat completion body is not a JSON object: check the base URL.", { reason: "malformed", data: body });
  }
  const completion = body as Json;
  if (completion.error != null) throw errorEvent(completion);
  const choice = completion.choices?.[0];
  if (!choice) {
    throw new StreamError("The chat completion body has no choices: check the base URL and the model name.", {
      reason: "malformed",
      data: body,
    });
  }
  const parts: StreamPart[] = [
    { type: "response-metadata", id: completion.id ?? undefined, model: completion.model ?? undefined },
  ];
  const message: Json = choice.message ?? {};
  const reasoning = message.reasoning_content || message.reasoning;
  if (typeof reasoning === "string" && reasoning) parts.push({ type: "reasoning-delta", text: reasoning });
  const content = message.content;
  if (typeof content === "string") {
    if (content) parts.push({ type: "text-delta", text: content });
  } else if (Array.isArray(content)) {
    emitContentItems(content, (part) => parts.push(part));
  }
  for (const call of (message.tool_calls ?? []) as Json[]) {
    const args = call.function?.arguments;
    parts.push({
      type: "tool-call",
      toolCallId: call.id ?? undefined,
      name: call.function?.name ?? "",
      arguments: typeof args === "string" || (typeof args === "object" && args !== null) ? args : "",
    });
  }
  if (completion.usage) parts.push(usagePart(completion.usage));
  parts.push({ type: "finish", reason: choice.finish_reason ?? undefined });
  parts.push({ type: "raw", value: withoutNulls(completion) });
  return parts;
}
