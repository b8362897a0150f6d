/** What every provider's model factory takes; each provider documents its own defaults. */
export interface ModelConfig {
  /** The id the model is registered and looked up under, e.g. `gpt-4o-mini` or `anthropic/claude-sonnet-4-5`. */
  modelId: string;
  /**
   * The model's name on the wire.
   * @default modelId, without a provider prefix such as `anthropic/`
   */
  modelName?: string | undefined;
  /**
   * The API base URL, for compatible servers and proxies.
   * @default the provider's `*_BASE_URL` environment variable, else its official URL
   */
  apiBase?: string | undefined;
  /** Extra headers sent with every request. */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * The name the key is stored under.
   * @default the provider's: `openai`, `anthropic`, `gemini`
   */
  keyName?: string | undefined;
  /**
   * The environment variable the key is read from.
   * @default the provider's: `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`
   */
  keyEnvVar?: string | undefined;
  /** MIME types accepted as attachments. */
  attachmentTypes?: Iterable<string> | undefined;
}
