// llm-anywhere: the Python llm library's API for every JavaScript runtime.

// Models and prompts
export { getModel, getModels, getModelAliases, registerModels } from "./registry.ts";
export type { ModelsPlugin, Register, RegisterOptions } from "./registry.ts";
export { getDefaultModel, setDefaultModel, setAlias, removeAlias } from "./registry.ts";
export { Model } from "./model.ts";
export type { PromptOptions } from "./model.ts";
export { Response } from "./response.ts";
export type { ToolCall, Usage } from "./response.ts";

// Configuration, keys and storage
export { configure } from "./configure.ts";
export type { ConfigureOptions } from "./configure.ts";
export { getKey, listKeys, setKey } from "./keys.ts";
export { createMemoryStorage } from "./storage/memory.ts";

// Providers registered by default (importable for reuse, e.g. OpenAI-compatible servers)
export { echoModel } from "./providers/echo.ts";
export { createOpenAIChatModel } from "./providers/openai/index.ts";

// Errors
export {
  ApiError,
  AttachmentError,
  ChainLimitError,
  ConfigurationError,
  isLlmError,
  LlmError,
  NeedsKeyError,
  NetworkError,
  OptionsError,
  SchemaError,
  StorageError,
  StreamError,
  TimeoutError,
  ToolError,
  UnknownModelError,
} from "./errors.ts";
export type { ApiErrorDetails, StreamErrorDetails } from "./errors.ts";

// Contracts for plugin authors
export type * from "./spec/index.ts";
