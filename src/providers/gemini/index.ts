import type { Register } from "../../registry.ts";
import { createGeminiModel, type GeminiModelConfig } from "./model.ts";
import type { GeminiThinking } from "./options.ts";

export { cleanSchema } from "./clean-schema.ts";
export { convertMessages as convertGeminiMessages, geminiMimeType } from "./convert-messages.ts";
export type { ConvertedMessages, GeminiContent, GeminiPart } from "./convert-messages.ts";
export { createGeminiEmbeddingModel, readGeminiEmbeddings, registerGeminiEmbeddings } from "./embeddings.ts";
export type { GeminiEmbeddingModelConfig } from "./embeddings.ts";
export { createGeminiStreamMapper } from "./map-stream.ts";
export type { GeminiStreamMapper, GeminiToolCallPart } from "./map-stream.ts";
export { buildGeminiRequest, createGeminiModel, geminiAttachmentTypes } from "./model.ts";
export type { GeminiModelConfig, GeminiRequestSettings } from "./model.ts";
export {
  gemini3FlashOptionsSchema,
  gemini3ProOptionsSchema,
  geminiOptionsSchema,
  geminiThinkingOptionsSchema,
  thinkingLevels,
} from "./options.ts";
export type { GeminiOptions, GeminiThinking, ThinkingLevel } from "./options.ts";

/** The images Gemma models take. */
const gemmaAttachmentTypes: readonly string[] = ["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"];

/**
 * The llm-gemini plugin's models, oldest first, by the name Gemini knows
 * them by. Each is registered as `gemini/<name>` with `<name>` as its alias.
 */
const modelNames: readonly string[] = [
  "gemini-pro",
  "gemini-1.5-pro-latest",
  "gemini-1.5-flash-latest",
  "gemini-1.5-pro-001",
  "gemini-1.5-flash-001",
  "gemini-1.5-pro-002",
  "gemini-1.5-flash-002",
  "gemini-1.5-flash-8b-latest",
  "gemini-1.5-flash-8b-001",
  "gemini-exp-1114",
  "gemini-exp-1121",
  "gemini-exp-1206",
  "gemini-2.0-flash-exp",
  "learnlm-1.5-pro-experimental",
  "gemma-3-1b-it",
  "gemma-3-4b-it",
  "gemma-3-12b-it",
  "gemma-3-27b-it",
  "gemma-3n-e4b-it",
  "gemini-2.0-flash-thinking-exp-1219",
  "gemini-2.0-flash-thinking-exp-01-21",
  "gemini-2.0-flash",
  "gemini-2.0-pro-exp-02-05",
  "gemini-2.0-flash-lite",
  "gemini-2.5-pro-exp-03-25",
  "gemini-2.5-pro-preview-03-25",
  "gemini-2.5-flash-preview-04-17",
  "gemini-2.5-pro-preview-05-06",
  "gemini-2.5-flash-preview-05-20",
  "gemini-2.5-pro-preview-06-05",
  "gemini-2.5-flash",
  "gemini-2.5-pro",
  "gemini-2.5-flash-lite",
  "gemini-flash-latest",
  "gemini-flash-lite-latest",
  "gemini-2.5-flash-preview-09-2025",
  "gemini-2.5-flash-lite-preview-09-2025",
  "gemini-3-pro-preview",
  "gemini-3-flash-preview",
  "gemini-3.1-pro-preview",
  "gemini-3.1-pro-preview-customtools",
  "gemini-3.1-flash-lite-preview",
  "gemma-4-26b-a4b-it",
  "gemma-4-31b-it",
  "gemini-3.1-flash-lite",
  "gemini-3.5-flash",
  "gemini-3.6-flash",
  "gemini-3.5-flash-lite",
];

/** Capabilities read from the name, as the llm-gemini plugin decides them. */
export function geminiModelConfig(name: string): GeminiModelConfig {
  const config: GeminiModelConfig = { modelId: `gemini/${name}`, modelName: name, thinking: thinkingOf(name) };
  if (name.startsWith("gemma-")) {
    // Gemma on the Gemini API: no system instruction, no function calling, no JSON schema; images only (not the 1B model).
    const attachmentTypes = name === "gemma-3-1b-it" ? [] : gemmaAttachmentTypes;
    return { ...config, systemInstruction: false, supportsTools: false, supportsSchema: false, attachmentTypes };
  }
  if (name.includes("flash-thinking")) return { ...config, supportsTools: false, supportsSchema: false };
  return config;
}

function thinkingOf(name: string): GeminiThinking {
  const three = /^gemini-3/.test(name);
  if (three) return /-pro/.test(name) ? "level-low-high" : "level";
  if (/^gemini-2\.5-/.test(name) || /^gemini-flash(-lite)?-latest$/.test(name)) return "budget";
  return "none";
}

/**
 * The plugin that registers Gemini models with the llm-gemini plugin's ids
 * (`gemini/gemini-2.5-flash`) and aliases (`gemini-2.5-flash`). Key name
 * `gemini`, read from `GEMINI_API_KEY` (or `LLM_GEMINI_KEY`).
 * @example
 * import { registerGemini } from "llm-anywhere/gemini";
 * llm.registerModels(registerGemini);
 * await llm.getModel("gemini-2.5-flash").prompt("Hi").text();
 */
export function registerGemini(register: Register): void {
  for (const name of modelNames) register(createGeminiModel(geminiModelConfig(name)), { aliases: [name] });
}
