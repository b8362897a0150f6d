import type { Register } from "../../registry.ts";
import { createOpenAIChatModel, type OpenAIChatModelConfig } from "./chat.ts";

export { buildChatRequest, createOpenAIChatModel } from "./chat.ts";
export type { ChatRequestSettings, OpenAIChatModelConfig } from "./chat.ts";
export { openAIChatOptionsSchema, openAIReasoningOptionsSchema, reasoningEfforts } from "./options.ts";
export type { OpenAIChatOptions, ReasoningEffort } from "./options.ts";

/** What vision models accept (PDFs too, as in the Python library). */
export const visionAttachmentTypes: readonly string[] = ["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf"];
/** What audio-input models accept. */
export const audioAttachmentTypes: readonly string[] = ["audio/wav", "audio/mpeg"];

type Flags = Pick<OpenAIChatModelConfig, "canStream" | "reasoning" | "supportsSchema" | "supportsTools"> & {
  vision?: boolean;
  audio?: boolean;
};

const full: Flags = { vision: true, supportsSchema: true, supportsTools: true };
const reasoning: Flags = { ...full, reasoning: true };

/** [model id, capabilities, aliases], in the Python library's order. */
const models: ReadonlyArray<readonly [modelId: string, flags: Flags, aliases?: readonly string[]]> = [
  ["gpt-4o", full, ["4o"]],
  ["chatgpt-4o-latest", { vision: true }, ["chatgpt-4o"]],
  ["gpt-4o-mini", full, ["4o-mini"]],
  ["gpt-4o-audio-preview", { audio: true }],
  ["gpt-4o-audio-preview-2024-12-17", { audio: true }],
  ["gpt-4o-audio-preview-2024-10-01", { audio: true }],
  ["gpt-4o-mini-audio-preview", { audio: true }],
  ["gpt-4o-mini-audio-preview-2024-12-17", { audio: true }],
  ["gpt-4.1", full, ["4.1"]],
  ["gpt-4.1-mini", full, ["4.1-mini"]],
  ["gpt-4.1-nano", full, ["4.1-nano"]],
  ["gpt-3.5-turbo", {}, ["3.5", "chatgpt"]],
  ["gpt-3.5-turbo-16k", {}, ["chatgpt-16k", "3.5-16k"]],
  ["gpt-4", {}, ["4", "gpt4"]],
  ["gpt-4-32k", {}, ["4-32k"]],
  ["gpt-4-1106-preview", {}],
  ["gpt-4-0125-preview", {}],
  ["gpt-4-turbo-2024-04-09", {}],
  ["gpt-4-turbo", {}, ["gpt-4-turbo-preview", "4-turbo", "4t"]],
  ["gpt-4.5-preview-2025-02-27", full],
  ["gpt-4.5-preview", full, ["gpt-4.5"]],
  ["o1", { ...reasoning, canStream: false }],
  ["o1-2024-12-17", { ...reasoning, canStream: false }],
  ["o1-preview", {}],
  ["o1-mini", {}],
  ["o3-mini", { ...reasoning, vision: false }],
  ["o3", reasoning],
  ["o4-mini", reasoning],
  ["gpt-5", reasoning],
  ["gpt-5-mini", reasoning],
  ["gpt-5-nano", reasoning],
  ["gpt-5-2025-08-07", reasoning],
  ["gpt-5-mini-2025-08-07", reasoning],
  ["gpt-5-nano-2025-08-07", reasoning],
  ["gpt-5.1", reasoning],
  ["gpt-5.1-chat-latest", reasoning],
  ["gpt-5.2", reasoning],
  ["gpt-5.2-chat-latest", reasoning],
  ["gpt-5.4", reasoning],
  ["gpt-5.4-mini", reasoning],
  ["gpt-5.4-nano", reasoning],
  ["gpt-5.5", reasoning],
  ["gpt-5.6", reasoning],
  ["gpt-5.6-sol", reasoning],
  ["gpt-5.6-terra", reasoning],
  ["gpt-5.6-luna", reasoning],
];

/**
 * The plugin that registers OpenAI's chat models with the Python library's
 * aliases. Registered by default; nothing happens until it is called.
 * @example llm.registerModels(registerOpenAI)
 */
export function registerOpenAI(register: Register): void {
  for (const [modelId, { vision, audio, ...flags }, aliases] of models) {
    const attachmentTypes = [...(vision ? visionAttachmentTypes : []), ...(audio ? audioAttachmentTypes : [])];
    register(createOpenAIChatModel({ modelId, attachmentTypes, ...flags }), aliases ? { aliases } : undefined);
  }
}
