import { boolean, describeValue, number, oneOf, optionsSchema, type OptionCheck, type OptionsSchema } from "../../option-schema.ts";
import { reasoningEfforts, type ReasoningEffort } from "../openai/options.ts";

/**
 * The options of models on OpenAI's Responses API, as the adapter receives
 * them (the Python library's `Responses.Options`). `null` means "not set".
 */
export interface OpenAIResponsesOptions {
  /**
   * Sampling temperature, 0 to 2. Most reasoning models accept only the
   * default.
   * @default the API's default (1)
   */
  temperature?: number | null | undefined;
  /**
   * The most tokens to generate, reasoning tokens included (an integer);
   * sent as `max_output_tokens`.
   * @default no limit beyond the model's
   */
  max_tokens?: number | null | undefined;
  /**
   * Nucleus sampling, 0 to 1. Use this or `temperature`, not both.
   * @default the API's default (1)
   */
  top_p?: number | null | undefined;
  /**
   * An integer seed, passed through as the Python library does. The
   * Responses API does not document `seed`; a model that rejects it answers
   * with an `ApiError`.
   */
  seed?: number | null | undefined;
  /**
   * Ask for a valid JSON object (`text.format: {type: "json_object"}`); the
   * prompt must mention JSON. A schema given to `prompt()` wins over it.
   * @default false
   */
  json_object?: boolean | null | undefined;
  /**
   * How closely images are looked at (`detail` of each `input_image`).
   * @default "auto"
   */
  image_detail?: "low" | "high" | "auto" | "original" | null | undefined;
  /**
   * How much the model reasons before answering (`reasoning.effort`); less
   * is faster and uses fewer tokens. Not every model accepts every value.
   * @default the model's own (usually `medium`)
   */
  reasoning_effort?: ReasoningEffort | null | undefined;
  /**
   * How long the answer should be (`text.verbosity`), GPT-5 and later.
   * @default the model's own (`medium`)
   */
  verbosity?: "low" | "medium" | "high" | null | undefined;
  /**
   * The processing tier (`service_tier`), e.g. `flex` or `priority`.
   * @default the project's (`auto`)
   */
  service_tier?: string | null | undefined;
  /**
   * Whether the model may ask for several tool calls at once.
   * @default the API's default (true)
   */
  parallel_tool_calls?: boolean | null | undefined;
  /**
   * Send the prompt to `/chat/completions` instead of `/responses` (as the
   * Python library's `-o chat_completions 1`), for servers that only have
   * the older API.
   * @default false
   */
  chat_completions?: boolean | null | undefined;
}

const string: OptionCheck<string> = (value) =>
  typeof value === "string" && value !== "" ? { value } : { error: `expected a non-empty string, got ${describeValue(value)}` };

const common = {
  temperature: number({ min: 0, max: 2 }),
  max_tokens: number({ integer: true, min: 1 }),
  top_p: number({ min: 0, max: 1 }),
  seed: number({ integer: true }),
  json_object: boolean(),
  image_detail: oneOf(["low", "high", "auto", "original"] as const),
};
const rest = {
  verbosity: oneOf(["low", "medium", "high"] as const),
  service_tier: string,
  parallel_tool_calls: boolean(),
  chat_completions: boolean(),
};

/** Validates the options of Responses API reasoning models (see `OpenAIResponsesOptions`); unknown names are rejected. */
export const openAIResponsesOptionsSchema: OptionsSchema<OpenAIResponsesOptions> = optionsSchema({
  ...common,
  reasoning_effort: oneOf(reasoningEfforts),
  ...rest,
});

/** The same for models that do not reason (created with `reasoning: false`): no `reasoning_effort`. */
export const openAIResponsesPlainOptionsSchema: OptionsSchema<OpenAIResponsesOptions> = optionsSchema({ ...common, ...rest });
