import { boolean, describeValue, number, oneOf, optionsSchema, stringOrStrings, type OptionCheck, type OptionsSchema } from "../../option-schema.ts";
import type { StandardSchemaV1 } from "../../spec/standard-schema.ts";

/**
 * The options of Anthropic models, as the adapter receives them (the
 * llm-anthropic plugin's `ClaudeOptions`). `null` means "not set".
 */
export interface AnthropicOptions {
  /**
   * The most tokens to generate before stopping (an integer).
   * @default the model's own maximum as the llm-anthropic plugin sets it (4096 to 128000)
   */
  max_tokens?: number | null | undefined;
  /**
   * Amount of randomness, 0 to 1: closer to 0 for analytical answers, closer
   * to 1 for creative ones. Even 0 is not fully deterministic.
   * @default 1 (sent unless `top_p` is set, as the plugin does)
   */
  temperature?: number | null | undefined;
  /**
   * Nucleus sampling, 0 to 1. Set this or `temperature`, not both.
   * @default the API's default
   */
  top_p?: number | null | undefined;
  /** Only sample from the top K options for each token (a positive integer). */
  top_k?: number | null | undefined;
  /** An external identifier for the user, sent as `metadata.user_id`. */
  user_id?: string | null | undefined;
  /**
   * A string, or a list of strings, where the model stops generating.
   * @example { stop_sequences: ["```"] }
   */
  stop_sequences?: string | string[] | null | undefined;
  /**
   * Text the answer is made to start with (sent as a last assistant turn);
   * it is also emitted as the answer's first text unless `hide_prefill`.
   * Not accepted by models with adaptive thinking.
   */
  prefill?: string | null | undefined;
  /** Do not repeat `prefill` at the start of the answer. @default false */
  hide_prefill?: boolean | null | undefined;
  /**
   * Prompt caching: marks the last content block of the last message with
   * `cache_control: {type: "ephemeral"}`.
   * @default false
   */
  cache?: boolean | null | undefined;
  /**
   * Models with extended thinking only: think before answering. Thinking
   * shows up as reasoning parts.
   * @default false
   */
  thinking?: boolean | null | undefined;
  /**
   * Models with extended thinking only: tokens to budget for thinking (turns
   * thinking on). `max_tokens` is raised above it when needed.
   * @default 1024 (models with adaptive thinking: adaptive, no budget)
   */
  thinking_budget?: number | null | undefined;
  /** Models with extended thinking only: ask for summarized thinking (`display: "summarized"`). */
  thinking_display?: boolean | null | undefined;
  /** Models with adaptive thinking: force `thinking: {type: "adaptive"}`. */
  thinking_adaptive?: boolean | null | undefined;
  /** Models with thinking effort: how hard to think (`output_config.effort`); turns adaptive thinking on. */
  thinking_effort?: ThinkingEffort | null | undefined;
}

export const thinkingEfforts = ["low", "medium", "high", "xhigh", "max"] as const;
export type ThinkingEffort = (typeof thinkingEfforts)[number];

const string: OptionCheck<string> = (value) =>
  typeof value === "string" ? { value } : { error: `expected a string, got ${describeValue(value)}` };

const base = {
  max_tokens: number({ integer: true, min: 1 }),
  temperature: number({ min: 0, max: 1 }),
  top_p: number({ min: 0, max: 1 }),
  top_k: number({ integer: true, min: 1 }),
  user_id: string,
  stop_sequences: stringOrStrings(),
  prefill: string,
  hide_prefill: boolean(),
  cache: boolean(),
};
const thinking = {
  ...base,
  thinking: boolean(),
  thinking_budget: number({ integer: true, min: 1 }),
  thinking_display: boolean(),
  thinking_adaptive: boolean(),
};

/** The plugin's cross-field rule: `temperature` (other than 1) and `top_p` cannot both be set. */
function withTemperatureRule(schema: OptionsSchema<AnthropicOptions>): OptionsSchema<AnthropicOptions> {
  const validate = (input: unknown): StandardSchemaV1.Result<AnthropicOptions> => {
    const result = schema["~standard"].validate(input) as StandardSchemaV1.Result<AnthropicOptions>;
    if (result.issues) return result;
    const { temperature, top_p } = result.value;
    if (temperature != null && temperature !== 1 && top_p != null) {
      return { issues: [{ message: "Only one of temperature and top_p can be set", path: ["top_p"] }] };
    }
    return result;
  };
  return { optionNames: schema.optionNames, "~standard": { version: 1, vendor: "llm-anywhere", validate } };
}

/** Models without extended thinking. */
export const anthropicOptionsSchema: OptionsSchema<AnthropicOptions> = withTemperatureRule(optionsSchema(base));
/** Models with extended thinking: adds `thinking`, `thinking_budget`, `thinking_display`, `thinking_adaptive`. */
export const anthropicThinkingOptionsSchema: OptionsSchema<AnthropicOptions> = withTemperatureRule(optionsSchema(thinking));
/** Models with thinking effort: adds `thinking_effort` too. */
export const anthropicEffortOptionsSchema: OptionsSchema<AnthropicOptions> = withTemperatureRule(
  optionsSchema({ ...thinking, thinking_effort: oneOf(thinkingEfforts) }),
);
