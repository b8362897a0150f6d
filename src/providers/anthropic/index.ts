import type { Register } from "../../registry.ts";
import { createAnthropicModel, type AnthropicModelConfig } from "./messages.ts";

export { buildMessagesRequest, createAnthropicModel } from "./messages.ts";
export type { AnthropicModelConfig, MessagesRequestSettings } from "./messages.ts";
export { anthropicEffortOptionsSchema, anthropicOptionsSchema, anthropicThinkingOptionsSchema, thinkingEfforts } from "./options.ts";
export type { AnthropicOptions, ThinkingEffort } from "./options.ts";
export type { AnthropicReasoningMetadata } from "./convert-messages.ts";
export type { AnthropicReasoningDelta } from "./map-stream.ts";

/** What every Claude model accepts; most also take PDFs. */
export const anthropicImageTypes: readonly string[] = ["image/png", "image/jpeg", "image/webp", "image/gif"];

type Flags = Pick<AnthropicModelConfig, "defaultMaxTokens" | "thinking" | "thinkingEffort" | "adaptiveThinking" | "structuredOutputs"> & {
  pdf?: boolean;
};

const claude3: Flags = { defaultMaxTokens: 4096 };
const claude35: Flags = { pdf: true, defaultMaxTokens: 8192 };
const thinking = (defaultMaxTokens: number, more: Flags = {}): Flags => ({ pdf: true, thinking: true, defaultMaxTokens, ...more });
const adaptive: Flags = thinking(128000, { thinkingEffort: true, adaptiveThinking: true, structuredOutputs: true });

/** [Claude model name, capabilities, aliases], in the llm-anthropic plugin's (0.25) order; ids are `anthropic/<name>`. */
const models: ReadonlyArray<readonly [name: string, flags: Flags, aliases?: readonly string[]]> = [
  ["claude-3-opus-20240229", claude3],
  ["claude-3-opus-latest", claude3, ["claude-3-opus"]],
  ["claude-3-sonnet-20240229", claude3, ["claude-3-sonnet"]],
  ["claude-3-haiku-20240307", claude3, ["claude-3-haiku"]],
  ["claude-3-5-sonnet-20240620", claude35],
  ["claude-3-5-sonnet-20241022", claude35],
  ["claude-3-5-sonnet-latest", claude35, ["claude-3.5-sonnet", "claude-3.5-sonnet-latest"]],
  ["claude-3-5-haiku-latest", { defaultMaxTokens: 8192 }, ["claude-3.5-haiku"]],
  ["claude-3-7-sonnet-20250219", thinking(8192)],
  ["claude-3-7-sonnet-latest", thinking(8192), ["claude-3.7-sonnet", "claude-3.7-sonnet-latest"]],
  ["claude-opus-4-0", thinking(32000), ["claude-4-opus"]],
  ["claude-sonnet-4-0", thinking(64000), ["claude-4-sonnet"]],
  ["claude-opus-4-1-20250805", thinking(32000, { structuredOutputs: true }), ["claude-opus-4.1"]],
  ["claude-sonnet-4-5", thinking(64000, { structuredOutputs: true }), ["claude-sonnet-4.5"]],
  ["claude-haiku-4-5-20251001", thinking(64000), ["claude-haiku-4.5"]],
  ["claude-opus-4-5-20251101", thinking(64000, { thinkingEffort: true }), ["claude-opus-4.5"]],
  ["claude-opus-4-6", adaptive, ["claude-opus-4.6"]],
  ["claude-sonnet-4-6", adaptive, ["claude-sonnet-4.6"]],
  ["claude-opus-4-7", adaptive, ["claude-opus-4.7"]],
  ["claude-opus-4-8", adaptive, ["claude-opus-4.8"]],
  ["claude-fable-5", adaptive, ["claude-fable-5"]],
  ["claude-sonnet-5", thinking(64000, { structuredOutputs: true }), ["claude-sonnet-5"]],
];

/** What every registered Claude model shares: a base URL, headers, direct browser access. */
export type AnthropicPluginOptions = Pick<AnthropicModelConfig, "apiBase" | "headers" | "browser">;

/**
 * A plugin that registers Anthropic's Claude models with the llm-anthropic
 * plugin's ids (`anthropic/claude-sonnet-4-5`) and aliases (`claude-sonnet-4.5`),
 * with these options.
 * @example llm.registerModels(createAnthropicPlugin({ browser: true }))  // from a web page, with the user's own key
 */
export function createAnthropicPlugin(options: AnthropicPluginOptions = {}): (register: Register) => void {
  return (register) => {
    for (const [name, { pdf, ...flags }, aliases] of models) {
      const attachmentTypes = pdf ? [...anthropicImageTypes, "application/pdf"] : anthropicImageTypes;
      register(createAnthropicModel({ modelId: `anthropic/${name}`, attachmentTypes, ...options, ...flags }), aliases ? { aliases } : undefined);
    }
  };
}

/**
 * The plugin that registers Anthropic's Claude models (see `createAnthropicPlugin`).
 * Key name `anthropic`, environment variable `ANTHROPIC_API_KEY`.
 * @example import { registerAnthropic } from "llm-anywhere/anthropic"; llm.registerModels(registerAnthropic)
 */
export const registerAnthropic: (register: Register) => void = /* @__PURE__ */ createAnthropicPlugin();
