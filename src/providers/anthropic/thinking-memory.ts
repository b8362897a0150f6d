import type { AnthropicBlock } from "./convert-messages.ts";

/**
 * The thinking blocks (with their signatures) of recent answers that asked
 * for tools, by tool_use id, so that the next round of a chain or
 * conversation can send them back as the API requires when thinking is on.
 *
 * A bridge: `Response` keeps only reasoning text today, so a turn rebuilt
 * from it has no signatures. Once reasoning parts carry `providerMetadata`,
 * `convertMessages` uses those and this is never consulted. Bounded, so a
 * long-running process does not grow it without limit.
 */
const remembered = new Map<string, AnthropicBlock[]>();
const limit = 256;

/** Keeps a finished message's thinking blocks under each of its tool_use ids. */
export function rememberThinking(message: { content?: unknown }): void {
  const content = Array.isArray(message.content) ? (message.content as AnthropicBlock[]) : [];
  const thinking = content
    .filter((block) => (block.type === "thinking" && block.signature) || block.type === "redacted_thinking")
    .map((block) =>
      block.type === "thinking" ? { type: "thinking", thinking: block.thinking ?? "", signature: block.signature } : { type: "redacted_thinking", data: block.data },
    );
  if (!thinking.length) return;
  for (const block of content) {
    if (block.type !== "tool_use" || typeof block.id !== "string") continue;
    remembered.delete(block.id);
    remembered.set(block.id, thinking);
    if (remembered.size > limit) remembered.delete(remembered.keys().next().value!);
  }
}

/** The thinking blocks remembered for a tool_use id. */
export function recallThinking(toolUseId: string): AnthropicBlock[] | undefined {
  return remembered.get(toolUseId);
}
