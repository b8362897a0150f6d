import type { ResponsesReasoningItem } from "./convert-messages.ts";

/**
 * The reasoning items (with their encrypted content) of recent answers that
 * asked for tools, by function call id, so that the next round of a chain or
 * conversation can send them back: with `store: false` the API keeps
 * nothing, and a reasoning model continues its reasoning only when it gets
 * the items back.
 *
 * A bridge, as the Anthropic provider's thinking memory: `Response` keeps
 * only reasoning text today, so a turn rebuilt from it has no encrypted
 * content. Once reasoning parts carry `providerMetadata`, `convertMessages`
 * uses those and this is never consulted. Bounded, so a long-running
 * process does not grow it without limit.
 */
const remembered = new Map<string, ResponsesReasoningItem[]>();
const limit = 256;

/** Keeps a finished response's reasoning items under each of its function call ids. */
export function rememberReasoning(response: { output?: unknown }): void {
  const output = Array.isArray(response.output) ? (response.output as Array<Record<string, any>>) : [];
  const reasoning: ResponsesReasoningItem[] = output
    .filter((item) => item?.type === "reasoning" && typeof item.id === "string" && typeof item.encrypted_content === "string")
    .map((item) => ({
      type: "reasoning",
      id: item.id,
      encrypted_content: item.encrypted_content,
      summary: Array.isArray(item.summary) ? item.summary : [],
    }));
  if (!reasoning.length) return;
  for (const item of output) {
    if (item?.type !== "function_call" || typeof item.call_id !== "string") continue;
    remembered.delete(item.call_id);
    remembered.set(item.call_id, reasoning);
    if (remembered.size > limit) remembered.delete(remembered.keys().next().value!);
  }
}

/** The reasoning items remembered for a function call id. */
export function recallReasoning(callId: string): ResponsesReasoningItem[] | undefined {
  return remembered.get(callId);
}
