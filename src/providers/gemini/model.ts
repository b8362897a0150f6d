import type { ModelAdapter, ModelCall } from "../../spec/model-adapter.ts";
import { parseSse } from "../shared/parse-sse.ts";
import { readWhole } from "../shared/read-whole.ts";
import { cleanSchema } from "./clean-schema.ts";
import { convertMessages } from "./convert-messages.ts";
import { createGeminiStreamMapper } from "./map-stream.ts";
import { geminiKeyEnvVar, postGemini } from "./post-gemini.ts";
import { geminiOptionsSchemaFor, type GeminiOptions, type GeminiThinking } from "./options.ts";
import type { ModelConfig } from "../shared/model-config.ts";

export interface GeminiModelConfig extends ModelConfig {
  /**
   * The API base URL; requests go to `<apiBase>/v1beta/models/<name>:...`.
   * @default the `GEMINI_BASE_URL` environment variable, else `https://generativelanguage.googleapis.com`
   */
  apiBase?: string | undefined;
  /**
   * The environment variable the key is read from.
   * @default "GEMINI_API_KEY" (or "LLM_GEMINI_KEY", the llm-gemini plugin's, when only that one is set)
   */
  keyEnvVar?: string | undefined;
  /**
   * MIME types accepted as attachments.
   * @default geminiAttachmentTypes
   */
  attachmentTypes?: Iterable<string> | undefined;
  /** @default true */
  supportsTools?: boolean | undefined;
  /** @default true */
  supportsSchema?: boolean | undefined;
  /**
   * Which thinking options the model has: `budget` adds `thinking_budget`,
   * `level` also `thinking_level` (Gemini 3 Flash), `level-low-high` the
   * same with only `low`/`high` (Gemini 3 Pro). Thinking models are asked to
   * include their thoughts, which surface as reasoning.
   * @default "none"
   */
  thinking?: GeminiThinking | undefined;
  /**
   * Gemini 3 models reject a function call sent back without its thought
   * signature: when none is known, send Google's documented placeholder.
   * @default true for names starting `gemini-3`
   */
  requiresThoughtSignatures?: boolean | undefined;
  /**
   * `false` for models that reject `systemInstruction` (Gemma): the system
   * prompt is sent as the first text of the first user turn instead.
   * @default true
   */
  systemInstruction?: boolean | undefined;
  /** @default "Gemini" */
  provider?: string | undefined;
}

/** Google's documented value for a function call whose signature is unknown. */
const signaturePlaceholder = "skip_thought_signature_validator";

/**
 * A Gemini model: POST `<base>/v1beta/models/<name>:streamGenerateContent?alt=sse`
 * (or `:generateContent` with `stream: false`), the key in `x-goog-api-key`
 * (never in the URL, so it cannot reach an error message).
 * @example registerModels((register) => register(createGeminiModel({ modelId: "gemini/gemini-2.5-flash", thinking: "budget" })))
 */
export function createGeminiModel(config: GeminiModelConfig): ModelAdapter<GeminiOptions> {
  const { modelId } = config;
  const modelName = config.modelName ?? modelId.replace(/^gemini\//, "");
  const thinking = config.thinking ?? "none";
  const settings: GeminiRequestSettings = {
    thinking: thinking !== "none",
    systemAsText: config.systemInstruction === false,
    signatureFallback: (config.requiresThoughtSignatures ?? modelName.startsWith("gemini-3")) ? signaturePlaceholder : undefined,
  };
  const adapter: ModelAdapter<GeminiOptions> = {
    modelId,
    provider: config.provider ?? "Gemini",
    keyName: config.keyName ?? "gemini",
    // A getter: read when the key is resolved, so `LLM_GEMINI_KEY` works when `GEMINI_API_KEY` is unset.
    get keyEnvVar() {
      return geminiKeyEnvVar(config.keyEnvVar);
    },
    canStream: true,
    attachmentTypes: new Set(config.attachmentTypes ?? geminiAttachmentTypes),
    supportsTools: config.supportsTools ?? true,
    supportsSchema: config.supportsSchema ?? true,
    optionsSchema: geminiOptionsSchemaFor(thinking),
    async execute(call) {
      const method = call.stream ? "streamGenerateContent?alt=sse" : "generateContent";
      const response = await postGemini(call, config, modelName, method, await buildGeminiRequest(call, settings), call.stream);
      const mapper = createGeminiStreamMapper();
      // Without `alt=sse` (a proxy that drops it), Gemini streams one JSON array: read it whole.
      if (call.stream && !/json/i.test(response.headers.get("content-type") ?? "")) {
        return parseSse(response, mapper, { signal: call.signal });
      }
      return readWhole(response, (text, enqueue) => mapper.mapBody(text, enqueue), call.signal);
    },
  };
  return adapter;
}

/** The MIME types Gemini takes (the llm-gemini plugin's list): text, PDF, images, audio, video. */
export const geminiAttachmentTypes: readonly string[] = [
  "text/plain",
  "text/csv",
  "text/html",
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/heic",
  "image/heif",
  "audio/wav",
  "audio/mp3",
  "audio/mpeg",
  "audio/aiff",
  "audio/aac",
  "audio/ogg",
  "application/ogg",
  "audio/flac",
  "video/mp4",
  "video/mpeg",
  "video/mov",
  "video/avi",
  "video/x-flv",
  "video/mpg",
  "video/webm",
  "video/wmv",
  "video/3gpp",
  "video/quicktime",
];

export interface GeminiRequestSettings {
  /** A thinking model: ask for its thoughts (`includeThoughts`) unless `thinking_budget` is 0. */
  thinking?: boolean | undefined;
  /** See `ConvertSettings.signatureFallback`. */
  signatureFallback?: string | undefined;
  /** Send the system prompt as the first user text (models without `systemInstruction`). */
  systemAsText?: boolean | undefined;
}

/** The request body: contents, system instruction, tools and generation config. */
export async function buildGeminiRequest(call: ModelCall<GeminiOptions>, settings: GeminiRequestSettings = {}): Promise<Record<string, unknown>> {
  const { systemInstruction, contents } = await convertMessages(call.messages, { signatureFallback: settings.signatureFallback });
  const body: Record<string, unknown> = { contents };
  const firstUser = contents.find((content) => content.role === "user");
  if (systemInstruction && settings.systemAsText && firstUser) firstUser.parts.unshift(...systemInstruction.parts);
  else if (systemInstruction) body.systemInstruction = systemInstruction;
  if (call.tools?.length) {
    body.tools = [
      {
        functionDeclarations: call.tools.map((tool) => ({
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          parameters: cleanSchema(tool.parameters),
        })),
      },
    ];
  }
  const options = call.options ?? {};
  const config: Record<string, unknown> = {};
  if (options.temperature != null) config.temperature = options.temperature;
  if (options.max_output_tokens != null) config.maxOutputTokens = options.max_output_tokens;
  if (options.top_p != null) config.topP = options.top_p;
  if (options.top_k != null) config.topK = options.top_k;
  if (options.json_object || call.schema) config.responseMimeType = "application/json";
  if (call.schema) config.responseSchema = cleanSchema(call.schema);
  const budget = options.thinking_budget;
  if (settings.thinking || budget != null || options.thinking_level != null) {
    config.thinkingConfig = {
      ...(budget === 0 || call.hideReasoning ? {} : { includeThoughts: true }),
      ...(budget != null ? { thinkingBudget: budget } : {}),
      ...(options.thinking_level != null ? { thinkingLevel: options.thinking_level } : {}),
    };
  }
  if (Object.keys(config).length) body.generationConfig = config;
  return body;
}

