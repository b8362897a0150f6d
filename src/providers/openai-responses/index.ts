import type { Register } from "../../registry.ts";
import { createOpenAIResponsesModel, type OpenAIResponsesModelConfig } from "./responses.ts";

export { buildResponsesRequest, createOpenAIResponsesModel } from "./responses.ts";
export type { OpenAIResponsesModelConfig, ResponsesRequestSettings } from "./responses.ts";
export { openAIResponsesOptionsSchema, openAIResponsesPlainOptionsSchema } from "./options.ts";
export type { OpenAIResponsesOptions } from "./options.ts";
export type { OpenAIReasoningMetadata } from "./convert-messages.ts";
export type { OpenAIReasoningDelta } from "./map-stream.ts";

/** What the vision-capable reasoning models accept: images and PDFs. */
export const responsesAttachmentTypes: readonly string[] = ["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf"];

type Flags = Pick<OpenAIResponsesModelConfig, "canStream"> & { vision?: boolean };

const vision: Flags = { vision: true };

/**
 * [model id, capabilities]: the models the Python library (0.32) sends to
 * the Responses API (`gpt-5*`, `o1`, `o3*`, `o4-mini`), with the same ids as
 * the chat-completions models registered by default, so that registering
 * this plugin replaces those.
 */
const models: ReadonlyArray<readonly [modelId: string, flags: Flags]> = [
  ["o1", { vision: true, canStream: false }],
  ["o1-2024-12-17", { vision: true, canStream: false }],
  ["o3-mini", {}],
  ["o3", vision],
  ["o4-mini", vision],
  ["gpt-5", vision],
  ["gpt-5-mini", vision],
  ["gpt-5-nano", vision],
  ["gpt-5-2025-08-07", vision],
  ["gpt-5-mini-2025-08-07", vision],
  ["gpt-5-nano-2025-08-07", vision],
  ["gpt-5.1", vision],
  ["gpt-5.1-chat-latest", vision],
  ["gpt-5.2", vision],
  ["gpt-5.2-chat-latest", vision],
  ["gpt-5.4", vision],
  ["gpt-5.4-mini", vision],
  ["gpt-5.4-nano", vision],
  ["gpt-5.5", vision],
  ["gpt-5.6", vision],
  ["gpt-5.6-sol", vision],
  ["gpt-5.6-terra", vision],
  ["gpt-5.6-luna", vision],
];

/**
 * The plugin that moves OpenAI's reasoning models (`gpt-5*`, `o1`, `o3*`,
 * `o4-mini`) to the Responses API, as the Python library does: it registers
 * them under the ids the default chat-completions plugin uses, and a later
 * registration of an id replaces the earlier one. Key name `openai`,
 * environment variable `OPENAI_API_KEY`. The option `chat_completions: true`
 * sends one prompt to the chat-completions API instead.
 * @example import { registerOpenAIResponses } from "llm-anywhere/openai-responses"; llm.registerModels(registerOpenAIResponses)
 */
export function registerOpenAIResponses(register: Register): void {
  for (const [modelId, { vision: images, ...flags }] of models) {
    register(createOpenAIResponsesModel({ modelId, attachmentTypes: images ? responsesAttachmentTypes : [], ...flags }));
  }
}
