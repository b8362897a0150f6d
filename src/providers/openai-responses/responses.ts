import type { ModelAdapter, ModelCall } from "../../spec/model-adapter.ts";
import { createOpenAIChatModel } from "../openai/chat.ts";
import type { OpenAIChatOptions } from "../openai/options.ts";
import { postOpenAI } from "../openai/post-openai.ts";
import type { ModelConfig } from "../shared/model-config.ts";
import { mapAnswer } from "../shared/read-whole.ts";
import { convertMessages } from "./convert-messages.ts";
import { createResponsesStreamMapper } from "./map-stream.ts";
import { openAIResponsesOptionsSchema, openAIResponsesPlainOptionsSchema, type OpenAIResponsesOptions } from "./options.ts";

/** A Responses API model: the common fields, and OpenAI's own defaults and flags. */
export interface OpenAIResponsesModelConfig extends ModelConfig {
  /**
   * The API base URL, for proxies and compatible servers.
   * @default the `OPENAI_BASE_URL` environment variable, else `https://api.openai.com/v1`
   */
  apiBase?: string | undefined;
  /** @default "openai" */
  keyName?: string | undefined;
  /** @default "OPENAI_API_KEY" */
  keyEnvVar?: string | undefined;
  /**
   * MIME types accepted as attachments.
   * @default images (png, jpeg, webp, gif) and PDFs
   */
  attachmentTypes?: Iterable<string> | undefined;
  /**
   * `false` for models that cannot stream: they are always asked for one JSON answer.
   * @default true
   */
  canStream?: boolean | undefined;
  /**
   * A reasoning model: `reasoning` (effort, summary) and the encrypted
   * reasoning are asked for, and the `reasoning_effort` option is offered.
   * `false` for models that do not reason (`gpt-4.1`, say), which reject those.
   * @default true
   */
  reasoning?: boolean | undefined;
  /**
   * Which reasoning summary to ask for (`reasoning.summary`); `false` asks
   * for none (organisations that are not verified cannot get summaries).
   * @default "auto"
   */
  reasoningSummary?: "auto" | "concise" | "detailed" | false | undefined;
  /**
   * How the model describes itself (`String(model)` is `"<provider>: <modelId>"`).
   * @default "OpenAI Responses"
   */
  provider?: string | undefined;
}

const defaultAttachmentTypes = ["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf"];

/**
 * A model on OpenAI's Responses API (POST `<base>/responses`), streaming or
 * not, as the Python library uses for reasoning models: reasoning summaries
 * come out as reasoning parts, and encrypted reasoning goes back on later
 * turns (`store: false`: nothing is kept on OpenAI's side).
 * @example registerModels((register) => register(createOpenAIResponsesModel({ modelId: "gpt-5-mini" })))
 */
export function createOpenAIResponsesModel(config: OpenAIResponsesModelConfig): ModelAdapter<OpenAIResponsesOptions> {
  const { modelId, apiBase, headers } = config;
  const modelName = config.modelName ?? modelId;
  const canStream = config.canStream ?? true;
  const attachmentTypes = [...(config.attachmentTypes ?? defaultAttachmentTypes)];
  const keyName = config.keyName ?? "openai";
  const keyEnvVar = config.keyEnvVar ?? (keyName === "openai" ? "OPENAI_API_KEY" : undefined);
  let chat: ModelAdapter<OpenAIChatOptions> | undefined;
  return {
    modelId,
    provider: config.provider ?? "OpenAI Responses",
    keyName,
    keyEnvVar,
    canStream,
    attachmentTypes: new Set(attachmentTypes),
    supportsTools: true,
    supportsSchema: true,
    optionsSchema: config.reasoning === false ? openAIResponsesPlainOptionsSchema : openAIResponsesOptionsSchema,
    async execute(call) {
      const stream = call.stream && canStream;
      if (call.options?.chat_completions) {
        chat ??= createOpenAIChatModel({ modelId, modelName, apiBase, headers, keyName, keyEnvVar, attachmentTypes, canStream, reasoning: config.reasoning !== false });
        return chat.execute({ ...call, stream, options: chatOptions(call.options) });
      }
      const body = await buildResponsesRequest(call, { modelName, stream, reasoning: config.reasoning, reasoningSummary: config.reasoningSummary });
      const response = await postOpenAI(call, config, "responses", body, stream);
      return mapAnswer(response, createResponsesStreamMapper(), stream, call.signal);
    },
  };
}

export interface ResponsesRequestSettings {
  /** Sent as `model`. */
  modelName: string;
  /** @default call.stream */
  stream?: boolean | undefined;
  /** `false`: no `reasoning` and no encrypted reasoning asked for. @default true */
  reasoning?: boolean | undefined;
  /** @default "auto" */
  reasoningSummary?: "auto" | "concise" | "detailed" | false | undefined;
}

/**
 * The request body, as the Python library builds it: model, instructions,
 * input, options (`max_tokens` as `max_output_tokens`), `reasoning`, `text`
 * (verbosity, and the format of a schema or `json_object`), tools,
 * `store: false` and the encrypted reasoning asked for.
 */
export async function buildResponsesRequest(
  call: ModelCall<OpenAIResponsesOptions>,
  settings: ResponsesRequestSettings,
): Promise<Record<string, unknown>> {
  const options = call.options ?? {};
  const { instructions, input } = await convertMessages(call.messages, { imageDetail: options.image_detail ?? undefined });
  const body: Record<string, unknown> = { model: settings.modelName };
  if (instructions !== undefined) body.instructions = instructions;
  body.input = input;
  const { max_tokens, reasoning_effort, verbosity, json_object, image_detail: _detail, chat_completions: _chat, ...rest } = options;
  if (max_tokens != null) body.max_output_tokens = max_tokens;
  // temperature, top_p, seed, service_tier, parallel_tool_calls: passed through as named.
  for (const [name, value] of Object.entries(rest)) if (value != null) body[name] = value;
  const reasoning = settings.reasoning !== false;
  const summary = reasoning && !call.hideReasoning ? (settings.reasoningSummary ?? "auto") : false;
  if (reasoning && (reasoning_effort != null || summary)) {
    body.reasoning = { ...(reasoning_effort != null ? { effort: reasoning_effort } : {}), ...(summary ? { summary } : {}) };
  }
  const text: Record<string, unknown> = {};
  if (verbosity != null) text.verbosity = verbosity;
  if (call.schema) text.format = { type: "json_schema", name: "output", schema: call.schema, strict: false };
  else if (json_object) text.format = { type: "json_object" };
  if (Object.keys(text).length) body.text = text;
  if (call.tools?.length) {
    body.tools = call.tools.map((tool) => ({
      type: "function",
      name: tool.name,
      // Omitted rather than null when empty, as the chat provider does.
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.parameters,
      // The API would otherwise make the tool strict, which rejects schemas with optional properties.
      strict: false,
    }));
  }
  body.store = false;
  if (reasoning) body.include = ["reasoning.encrypted_content"];
  body.stream = settings.stream ?? call.stream;
  return body;
}

/** The options the chat-completions API takes, for the `chat_completions` fallback. */
function chatOptions(options: OpenAIResponsesOptions): OpenAIChatOptions {
  const { temperature, max_tokens, top_p, seed, json_object, reasoning_effort } = options;
  return { temperature, max_tokens, top_p, seed, json_object, reasoning_effort };
}

