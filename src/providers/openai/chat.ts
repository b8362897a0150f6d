import type { ModelAdapter, ModelCall } from "../../spec/model-adapter.ts";
import { mapAnswer } from "../shared/read-whole.ts";
import type { ModelConfig } from "../shared/model-config.ts";
import { convertMessages } from "./convert-messages.ts";
import { createChatStreamMapper } from "./map-stream.ts";
import { postOpenAI } from "./post-openai.ts";
import { openAIChatOptionsSchema, openAIReasoningOptionsSchema, type OpenAIChatOptions } from "./options.ts";

/** A chat-completions model: the common fields, and OpenAI's own defaults and flags. */
export interface OpenAIChatModelConfig extends ModelConfig {
  /**
   * The API base URL, for OpenAI-compatible servers.
   * @default the `OPENAI_BASE_URL` environment variable, else `https://api.openai.com/v1`
   * @example "https://openrouter.ai/api/v1"
   */
  apiBase?: string | undefined;
  /**
   * The name the key is stored under. As in the Python library, a model
   * with its own `apiBase` needs no key unless this is set.
   * @default "openai" (none when `apiBase` is given)
   */
  keyName?: string | undefined;
  /**
   * The environment variable the key is read from.
   * @default "OPENAI_API_KEY" with the default key name, else none
   */
  keyEnvVar?: string | undefined;
  /** @default false */
  supportsTools?: boolean | undefined;
  /** @default false */
  supportsSchema?: boolean | undefined;
  /**
   * `false` for models that cannot stream: they are always asked for one JSON answer.
   * @default true
   */
  canStream?: boolean | undefined;
  /**
   * A reasoning model (o-series, GPT-5): adds the `reasoning_effort` option.
   * @default false
   */
  reasoning?: boolean | undefined;
  /**
   * How the model describes itself (`String(model)` is `"<provider>: <modelId>"`).
   * @default "OpenAI Chat"
   */
  provider?: string | undefined;
}

/**
 * A chat-completions model (POST `<base>/chat/completions`) for OpenAI and
 * any OpenAI-compatible server.
 * @example registerModels((register) => register(createOpenAIChatModel({ modelId: "llama3", apiBase: "http://localhost:11434/v1" })))
 */
export function createOpenAIChatModel(config: OpenAIChatModelConfig): ModelAdapter<OpenAIChatOptions> {
  const { modelId, apiBase } = config;
  const modelName = config.modelName ?? modelId;
  const keyName = config.keyName ?? (apiBase ? undefined : "openai");
  const keyEnvVar = config.keyEnvVar ?? (keyName === "openai" ? "OPENAI_API_KEY" : undefined);
  const canStream = config.canStream ?? true;
  return {
    modelId,
    provider: config.provider ?? "OpenAI Chat",
    keyName,
    keyEnvVar,
    canStream,
    attachmentTypes: new Set(config.attachmentTypes ?? []),
    supportsTools: config.supportsTools ?? false,
    supportsSchema: config.supportsSchema ?? false,
    optionsSchema: config.reasoning ? openAIReasoningOptionsSchema : openAIChatOptionsSchema,
    async execute(call) {
      const stream = call.stream && canStream;
      const body = await buildChatRequest(call, { modelName, stream, reasoning: config.reasoning });
      const response = await postOpenAI(call, config, "chat/completions", body, stream);
      return mapAnswer(response, createChatStreamMapper(), stream, call.signal);
    },
  };
}

export interface ChatRequestSettings {
  /** Sent as `model`. */
  modelName: string;
  /** @default call.stream */
  stream?: boolean | undefined;
  /** Reasoning models get `max_tokens` as `max_completion_tokens`, the only one they accept. */
  reasoning?: boolean | undefined;
}

/** The request body: model, messages, stream, options, response format and tools. */
export async function buildChatRequest(
  call: ModelCall<OpenAIChatOptions>,
  settings: ChatRequestSettings,
): Promise<Record<string, unknown>> {
  const stream = settings.stream ?? call.stream;
  const body: Record<string, unknown> = { model: settings.modelName, messages: await convertMessages(call.messages), stream };
  const { json_object, ...options } = call.options ?? {};
  for (const [name, value] of Object.entries(options)) {
    if (value != null) body[name === "max_tokens" && settings.reasoning ? "max_completion_tokens" : name] = value;
  }
  if (json_object) body.response_format = { type: "json_object" };
  if (call.schema) body.response_format = { type: "json_schema", json_schema: { name: "output", schema: call.schema } };
  if (call.tools?.length) {
    body.tools = call.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        // Omitted rather than null when empty: the API's schema does not allow null here.
        ...(tool.description ? { description: tool.description } : {}),
        parameters: tool.parameters,
      },
    }));
  }
  if (stream) body.stream_options = { include_usage: true };
  return body;
}

