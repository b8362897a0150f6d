// Shared by the tool examples: a real model when OPENAI_API_KEY is set, else `echo`.
// echo cannot decide to call a tool, so for echo each prompt is written in its JSON
// form, asking for the tool calls a real model would make for that prompt.
import * as llm from "llm-anywhere";

export const usingEcho = !process.env.OPENAI_API_KEY;
export const model = llm.getModel(usingEcho ? "echo" : "gpt-4.1-mini");

/** The prompt for a real model, or for echo the same prompt plus the tool calls to make. */
export function ask(text: string, toolCalls: Array<{ name: string; arguments?: Record<string, unknown> }>): string {
  return usingEcho ? JSON.stringify({ prompt: text, tool_calls: toolCalls }) : text;
}
