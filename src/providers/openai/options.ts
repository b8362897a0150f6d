import { boolean, number, oneOf, optionsSchema, stringOrStrings, type OptionCheck, type OptionsSchema } from "../../option-schema.ts";

/**
 * `logit_bias`: token ids (integer-like keys) mapped to integers in
 * -100..100, with the Python library's error text.
 */
const logitBias: OptionCheck<Record<string, number>> = (value) =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.entries(value).every(([token, bias]) => /^\d+$/.test(token) && Number.isInteger(bias) && bias >= -100 && bias <= 100)
    ? { value: value as Record<string, number> }
    : { error: "Invalid key-value pair in logit_bias dictionary" };

/**
 * The options of OpenAI chat models, as the adapter receives them (the
 * Python library's `Chat.Options`). `null` means "not set".
 */
export interface OpenAIChatOptions {
  /**
   * Sampling temperature, 0 to 2. Higher values like 0.8 make the output more
   * random, lower values like 0.2 more focused and deterministic.
   * @default the API's default (1)
   */
  temperature?: number | null | undefined;
  /**
   * The most tokens to generate (an integer). Reasoning models (o-series,
   * GPT-5) receive it as `max_completion_tokens`, which also counts
   * reasoning tokens.
   * @default no limit beyond the model's
   */
  max_tokens?: number | null | undefined;
  /**
   * Nucleus sampling, 0 to 1: 0.1 means only the tokens in the top 10%
   * probability mass are considered. Use this or `temperature`, not both.
   * @default the API's default (1)
   */
  top_p?: number | null | undefined;
  /**
   * -2 to 2. Positive values penalise tokens by how often they already
   * appear, making verbatim repetition less likely.
   * @default 0
   */
  frequency_penalty?: number | null | undefined;
  /**
   * -2 to 2. Positive values penalise tokens that already appear at all,
   * nudging the model towards new topics.
   * @default 0
   */
  presence_penalty?: number | null | undefined;
  /**
   * A string, or up to four strings, where the model stops generating.
   * @example { stop: ["\n\n", "END"] }
   */
  stop?: string | string[] | null | undefined;
  /**
   * Changes the likelihood of tokens: token ids mapped to integers in
   * -100..100. Anything else fails with "Invalid key-value pair in
   * logit_bias dictionary", as in the Python library. (Python also takes a
   * JSON string, for its command line; here it is an object.)
   * @example { logit_bias: { "1712": -100, "892": -100 } }
   */
  logit_bias?: Record<string, number> | null | undefined;
  /** An integer seed, to make sampling as deterministic as the API allows. */
  seed?: number | null | undefined;
  /**
   * Ask for a valid JSON object (`response_format: {type: "json_object"}`);
   * the prompt must mention JSON. A schema given to `prompt()` wins over it.
   * @default false
   */
  json_object?: boolean | null | undefined;
  /**
   * Reasoning models only (o-series, GPT-5): how much the model reasons
   * before answering; less is faster and uses fewer tokens. Not every model
   * accepts every value.
   * @default the model's own (usually `medium`)
   */
  reasoning_effort?: ReasoningEffort | null | undefined;
}

/** Reasoning effort values the API accepts. */
export const reasoningEfforts = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
export type ReasoningEffort = (typeof reasoningEfforts)[number];

const chatOptions = {
  temperature: number({ min: 0, max: 2 }),
  max_tokens: number({ integer: true }),
  top_p: number({ min: 0, max: 1 }),
  frequency_penalty: number({ min: -2, max: 2 }),
  presence_penalty: number({ min: -2, max: 2 }),
  stop: stringOrStrings(),
  logit_bias: logitBias,
  seed: number({ integer: true }),
  json_object: boolean(),
};

/** Validates the options of OpenAI chat models (see `OpenAIChatOptions`); unknown names are rejected. */
export const openAIChatOptionsSchema: OptionsSchema<OpenAIChatOptions> = optionsSchema(chatOptions);

/** The same for reasoning models: the chat options plus `reasoning_effort`. */
export const openAIReasoningOptionsSchema: OptionsSchema<OpenAIChatOptions> = optionsSchema({
  ...chatOptions,
  reasoning_effort: oneOf(reasoningEfforts),
});
