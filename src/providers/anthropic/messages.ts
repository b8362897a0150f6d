import { settings } from "../../configure.ts";
import { ConfigurationError } from "../../errors.ts";
import type { JsonSchema } from "../../spec/message.ts";
import type { ModelAdapter, ModelCall } from "../../spec/model-adapter.ts";
import { postJson } from "../shared/post-json.ts";
import { mapAnswer } from "../shared/read-whole.ts";
import { convertMessages } from "./convert-messages.ts";
import { createMessagesStreamMapper, structuredOutputTool } from "./map-stream.ts";
import { anthropicEffortOptionsSchema, anthropicOptionsSchema, anthropicThinkingOptionsSchema, type AnthropicOptions } from "./options.ts";
import { strictSchema } from "./strict-schema.ts";
import type { ModelConfig } from "../shared/model-config.ts";

export interface AnthropicModelConfig extends ModelConfig {
  /**
   * The API base URL, for Anthropic-compatible endpoints and proxies.
   * @default the `ANTHROPIC_BASE_URL` environment variable, else `https://api.anthropic.com`
   */
  apiBase?: string | undefined;
  /**
   * MIME types accepted as attachments.
   * @default images (png, jpeg, webp, gif) and PDFs
   */
  attachmentTypes?: Iterable<string> | undefined;
  /**
   * `max_tokens` when the option is not set (the API requires one).
   * @default 8192
   */
  defaultMaxTokens?: number | undefined;
  /** Extended thinking: adds the `thinking*` options. @default false */
  thinking?: boolean | undefined;
  /** Thinking effort (`output_config.effort`): adds `thinking_effort`. @default false */
  thinkingEffort?: boolean | undefined;
  /** Adaptive thinking: `thinking` without a budget sends `{type: "adaptive"}`; no prefill. @default false */
  adaptiveThinking?: boolean | undefined;
  /**
   * Native structured outputs: a schema is sent as `output_config.format`.
   * Otherwise a schema is a forced tool named `output_structured_data`.
   * @default false
   */
  structuredOutputs?: boolean | undefined;
  /** @default "Anthropic Messages" */
  provider?: string | undefined;
  /**
   * Call the API straight from a web page: sends Anthropic's
   * `anthropic-dangerous-direct-browser-access: true`. Without it, a call
   * from a page fails with a `ConfigurationError` saying so.
   *
   * **Warning:** the key is then readable by every script on the page and
   * by anyone who opens its developer tools. Use it for personal tools with
   * the user's own key (typed in, kept in IndexedDB), never with a key of yours.
   * @default the `browser` setting of `llm.configure()` (false)
   */
  browser?: boolean | undefined;
}

const defaultBaseUrl = "https://api.anthropic.com";
const defaultThinkingBudget = 1024;
const defaultTemperature = 1;
const imageTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"];

/**
 * A Messages API model (POST `<base>/v1/messages`), streaming or not.
 * @example registerModels((register) => register(createAnthropicModel({ modelId: "anthropic/claude-sonnet-4-5", thinking: true })))
 */
export function createAnthropicModel(config: AnthropicModelConfig): ModelAdapter<AnthropicOptions> {
  const { modelId, apiBase, headers } = config;
  const modelName = config.modelName ?? modelId.replace(/^anthropic\//, "");
  return {
    modelId,
    provider: config.provider ?? "Anthropic Messages",
    keyName: config.keyName ?? "anthropic",
    keyEnvVar: config.keyEnvVar ?? "ANTHROPIC_API_KEY",
    canStream: true,
    attachmentTypes: new Set(config.attachmentTypes ?? [...imageTypes, "application/pdf"]),
    supportsTools: true,
    supportsSchema: true,
    optionsSchema: config.thinkingEffort
      ? anthropicEffortOptionsSchema
      : config.thinking || config.adaptiveThinking
        ? anthropicThinkingOptionsSchema
        : anthropicOptionsSchema,
    async execute(call) {
      const browser = config.browser ?? settings.browser;
      if (!browser && typeof (globalThis as { document?: unknown }).document !== "undefined") {
        throw new ConfigurationError(
          "Anthropic's API refuses calls from a web page unless they say they mean it: call llm.configure({ browser: true }), " +
            "or register the models with llm.registerModels(createAnthropicPlugin({ browser: true })). " +
            "The key is then visible to the page's scripts: only do this with the user's own key.",
        );
      }
      const { body, betas } = await buildMessagesRequest(call, { ...config, modelName });
      const base = apiBase || call.env.ANTHROPIC_BASE_URL || defaultBaseUrl;
      const response = await postJson({
        url: `${base.replace(/\/+$/, "")}/v1/messages`,
        body,
        headers: {
          accept: call.stream ? "text/event-stream" : "application/json",
          "anthropic-version": "2023-06-01",
          ...(browser ? { "anthropic-dangerous-direct-browser-access": "true" } : {}),
          ...(betas.length ? { "anthropic-beta": betas.join(",") } : {}),
          ...headers,
          ...(call.key ? { "x-api-key": call.key } : {}),
        },
        fetch: call.fetch,
        signal: call.signal,
      });
      const prefix = call.options?.prefill && !call.options.hide_prefill ? call.options.prefill : undefined;
      return mapAnswer(response, createMessagesStreamMapper({ prefix }), call.stream, call.signal);
    },
  };
}

export type MessagesRequestSettings = Pick<
  AnthropicModelConfig,
  "defaultMaxTokens" | "thinking" | "thinkingEffort" | "adaptiveThinking" | "structuredOutputs" | "modelId"
> & { modelName: string };

/** The request body and the `anthropic-beta` flags it needs. */
export async function buildMessagesRequest(
  call: ModelCall<AnthropicOptions>,
  settings: MessagesRequestSettings,
): Promise<{ body: Record<string, unknown>; betas: string[] }> {
  const options = call.options ?? {};
  if (call.schema && call.tools?.length) {
    throw new ConfigurationError("Anthropic models cannot take a schema and tools in the same prompt: send one or the other (as llm-anthropic).");
  }
  const { system, messages } = await convertMessages(call.messages);
  if (options.cache) {
    const last = messages.at(-1)?.content.at(-1);
    if (last) last.cache_control = { type: "ephemeral" };
  }
  if (options.prefill) {
    if (settings.adaptiveThinking) {
      throw new ConfigurationError(`${settings.modelId} does not accept a prefill: use a schema or the system prompt instead.`);
    }
    messages.push({ role: "assistant", content: [{ type: "text", text: options.prefill }] });
  }
  const body: Record<string, unknown> = { model: settings.modelName, messages };
  const betas: string[] = [];
  if (system) body.system = system;
  if (options.top_p != null) body.top_p = options.top_p;
  else body.temperature = options.temperature ?? defaultTemperature;
  if (options.top_k != null) body.top_k = options.top_k;
  if (options.stop_sequences != null) body.stop_sequences = typeof options.stop_sequences === "string" ? [options.stop_sequences] : options.stop_sequences;
  if (options.user_id) body.metadata = { user_id: options.user_id };

  const canThink = settings.thinking || settings.thinkingEffort || settings.adaptiveThinking;
  const effort = settings.thinkingEffort ? options.thinking_effort : undefined;
  const thinkingOn =
    canThink && (options.thinking || options.thinking_budget != null || options.thinking_display || options.thinking_adaptive || effort);
  if (thinkingOn) {
    const thinking: Record<string, unknown> =
      options.thinking_adaptive || effort
        ? { type: "adaptive" }
        : options.thinking_budget != null
          ? { type: "enabled", budget_tokens: options.thinking_budget }
          : settings.adaptiveThinking
            ? { type: "adaptive" }
            : { type: "enabled", budget_tokens: defaultThinkingBudget };
    if (options.thinking_display) thinking.display = "summarized";
    body.thinking = thinking;
  }
  const outputConfig: Record<string, unknown> = {};
  if (effort) {
    outputConfig.effort = effort;
    if (!settings.adaptiveThinking) betas.push("effort-2025-11-24");
  }
  let maxTokens = options.max_tokens ?? settings.defaultMaxTokens ?? 8192;
  if (canThink && options.thinking_budget != null && options.thinking_budget > maxTokens) maxTokens = options.thinking_budget + 1;
  body.max_tokens = maxTokens;
  if (maxTokens > 64000 && !settings.adaptiveThinking) betas.push("output-128k-2025-02-19");

  const tools: Record<string, unknown>[] = [];
  if (call.schema && settings.structuredOutputs) {
    outputConfig.format = { type: "json_schema", schema: strictSchema(call.schema) };
  } else if (call.schema) {
    tools.push({ name: structuredOutputTool, input_schema: objectSchema(call.schema) });
    body.tool_choice = { type: "tool", name: structuredOutputTool };
  }
  if (Object.keys(outputConfig).length) body.output_config = outputConfig;
  for (const tool of call.tools ?? []) {
    tools.push({ name: tool.name, description: tool.description ?? "", input_schema: objectSchema(tool.parameters) });
  }
  if (tools.length) body.tools = tools;
  body.stream = call.stream;
  return { body, betas };
}

/** `input_schema` must be an object schema: the `$schema` marker is dropped, and `type` defaults to `object`. */
function objectSchema(schema: JsonSchema): JsonSchema {
  const { $schema: _marker, ...rest } = schema;
  return { type: "object", ...rest };
}

