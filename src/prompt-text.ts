import type { FragmentLike } from "./fragment.ts";
import type { Message, Part } from "./spec/message.ts";

/**
 * The prompt sent, as the Python library builds it: the fragments, then the
 * prompt (left out when empty), joined by newlines.
 * @example promptText(["F1", "F2"], "Q") // "F1\nF2\nQ"
 */
export function promptText(fragments: readonly FragmentLike[], prompt: string | undefined): string {
  return [...fragments, ...(prompt ? [prompt] : [])].join("\n");
}

/**
 * The system prompt sent, as the Python library builds it: the system
 * fragments, then the system prompt, each trimmed, blanks dropped, joined by
 * blank lines.
 * @example systemText([" SF1 ", "SF2"], "S") // "SF1\n\nSF2\n\nS"
 */
export function systemText(fragments: readonly FragmentLike[], system: string | undefined): string {
  return [...fragments, system ?? ""]
    .map((part) => String(part).trim())
    .filter(Boolean)
    .join("\n\n");
}

/** The text parts of the messages with that role, joined by newlines. */
export function textOf(messages: readonly Message[], role: Message["role"]): string {
  return messages
    .filter((message) => message.role === role)
    .flatMap((message) => message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])))
    .join("\n");
}

/**
 * A turn's messages as `prompt()` sends them (and `loadConversation` rebuilds
 * them from a log): the tool results, the system prompt, then the prompt
 * text followed by `extra` parts (attachments).
 */
export function turnMessages(
  toolResults: readonly { toolCallId: string; name: string; output: string }[] | undefined,
  system: string | undefined,
  text: string | undefined,
  extra: readonly Part[],
): Message[] {
  const turn: Message[] = [];
  if (toolResults?.length) {
    turn.push({ role: "tool", parts: toolResults.map(({ toolCallId, name, output }) => ({ type: "tool-result", toolCallId, name, output })) });
  }
  if (system) turn.push({ role: "system", parts: [{ type: "text", text: system }] });
  if (text || extra.length) turn.push({ role: "user", parts: text ? [{ type: "text", text }, ...extra] : extra });
  return turn;
}
