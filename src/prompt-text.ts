import type { FragmentLike } from "./fragment.ts";

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
