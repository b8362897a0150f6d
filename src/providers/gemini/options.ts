import { boolean, number, oneOf, optionsSchema, type OptionsSchema } from "../../option-schema.ts";

/**
 * The options of Gemini models, as the adapter receives them (the llm-gemini
 * plugin's names). `null` means "not set". `thinking_budget` exists only on
 * thinking models (2.5 and later), `thinking_level` only on Gemini 3.
 */
export interface GeminiOptions {
  /**
   * Randomness of the output, 0 to 2: higher for more creative answers,
   * lower for more deterministic ones. Sent as `generationConfig.temperature`.
   * @default the model's default
   */
  temperature?: number | null | undefined;
  /**
   * The most tokens to generate in the answer (an integer). Sent as
   * `generationConfig.maxOutputTokens`.
   * @default the model's limit
   */
  max_output_tokens?: number | null | undefined;
  /**
   * Nucleus sampling, 0 to 1: tokens are picked from the most probable down
   * until their probabilities add up to this. Sent as `generationConfig.topP`.
   */
  top_p?: number | null | undefined;
  /**
   * Pick each token among the `top_k` most probable (an integer, at least 1).
   * Sent as `generationConfig.topK`.
   */
  top_k?: number | null | undefined;
  /**
   * Ask for a valid JSON object (`responseMimeType: application/json`). A
   * schema given to `prompt()` does this too, and wins.
   * @default false
   */
  json_object?: boolean | null | undefined;
  /**
   * Thinking models: the most tokens the model may spend thinking (an
   * integer; `0` turns thinking off where the model allows it, `-1` lets the
   * model decide). Sent as `generationConfig.thinkingConfig.thinkingBudget`.
   * @default the model's own
   * @example { thinking_budget: 1024 }
   */
  thinking_budget?: number | null | undefined;
  /**
   * Gemini 3 models: how much the model thinks (`low` or `high`; Flash
   * models also take `minimal` and `medium`). Sent as
   * `generationConfig.thinkingConfig.thinkingLevel`.
   * @default the model's own
   */
  thinking_level?: ThinkingLevel | null | undefined;
}

/** Thinking levels Gemini 3 models accept (Pro takes only `low` and `high`). */
export const thinkingLevels = ["minimal", "low", "medium", "high"] as const;
export type ThinkingLevel = (typeof thinkingLevels)[number];

const baseOptions = {
  temperature: number({ min: 0, max: 2 }),
  max_output_tokens: number({ integer: true }),
  top_p: number({ min: 0, max: 1 }),
  top_k: number({ integer: true, min: 1 }),
  json_object: boolean(),
};
const thinkingBudget = number({ integer: true, min: -1 });

/** What a model's options schema is built from. */
export type GeminiThinking = "none" | "budget" | "level" | "level-low-high";

/** Gemini models without thinking (1.5, 2.0, Gemma): the sampling options and `json_object`. */
export const geminiOptionsSchema: OptionsSchema<GeminiOptions> = optionsSchema(baseOptions);

/** Gemini 2.5 and the `-latest` aliases: plus `thinking_budget`. */
export const geminiThinkingOptionsSchema: OptionsSchema<GeminiOptions> = optionsSchema({ ...baseOptions, thinking_budget: thinkingBudget });

/** Gemini 3 Flash models: plus `thinking_budget` and all four `thinking_level`s. */
export const gemini3FlashOptionsSchema: OptionsSchema<GeminiOptions> = optionsSchema({
  ...baseOptions,
  thinking_budget: thinkingBudget,
  thinking_level: oneOf(thinkingLevels),
});

/** Gemini 3 Pro models: plus `thinking_budget` and `thinking_level` `low` or `high`. */
export const gemini3ProOptionsSchema: OptionsSchema<GeminiOptions> = optionsSchema({
  ...baseOptions,
  thinking_budget: thinkingBudget,
  thinking_level: oneOf(["low", "high"] as const),
});

/** The options schema for a model's kind of thinking. */
export function geminiOptionsSchemaFor(thinking: GeminiThinking): OptionsSchema<GeminiOptions> {
  switch (thinking) {
    case "budget":
      return geminiThinkingOptionsSchema;
    case "level":
      return gemini3FlashOptionsSchema;
    case "level-low-high":
      return gemini3ProOptionsSchema;
    default:
      return geminiOptionsSchema;
  }
}
