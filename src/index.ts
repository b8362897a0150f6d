// llm-anywhere: the Python llm library's API for every JavaScript runtime.

// Models and prompts
export { getModel, getModels, getModelAliases, registerModels } from "./registry.ts";
export type { ModelsPlugin, Register, RegisterOptions } from "./registry.ts";
export { getDefaultModel } from "./registry.ts";
export { getDefaultEmbeddingModel, removeAlias, setAlias, setDefaultEmbeddingModel, setDefaultModel } from "./settings.ts";
export { Model } from "./model.ts";
export type { ObjectOf, PromptOptions, ToolLike } from "./model.ts";
export { Response } from "./response.ts";
export type { ResponseEvent, Started, Usage } from "./response.ts";

// Attachments, schemas and fragments
export { attachment, Attachment } from "./attachment.ts";
export type { AttachmentContent, AttachmentInit } from "./attachment.ts";
export { schemaDsl } from "./schema-dsl.ts";
export type { SchemaDslOptions } from "./schema-dsl.ts";
export { fragment, Fragment } from "./fragment.ts";
export type { FragmentLike, FragmentOptions } from "./fragment.ts";

// Tools, chains and conversations
export { tool, Tool, ToolOutput } from "./tool.ts";
export type { ToolCall, ToolInit, ToolResult } from "./tool.ts";
export { Toolbox } from "./toolbox.ts";
export type { AddToolOptions, ToolboxMethod } from "./toolbox.ts";
export type { AfterCall, BeforeCall, ToolHooks } from "./execute-tool-calls.ts";
export { ChainResponse } from "./chain.ts";
export type { ChainOptions } from "./chain.ts";
export { Conversation } from "./conversation.ts";
export type { ConversationOptions } from "./conversation.ts";
export type { InferSchema, SchemaInput } from "./json-schema.ts";

// Embeddings
export { getEmbeddingModel, getEmbeddingModelAliases, getEmbeddingModels, registerEmbeddingModels } from "./embeddings/embedding-registry.ts";
export type { EmbeddingModelsPlugin, EmbeddingRegister } from "./embeddings/embedding-registry.ts";
export { EmbeddingModel } from "./embeddings/embedding-model.ts";
export type { EmbedMultiOptions, EmbedOptions, EmbeddingCall, EmbeddingInput, EmbeddingModelAdapter } from "./embeddings/embedding-model.ts";
export { Collection } from "./embeddings/collection.ts";
export type {
  CollectionEmbedMultiOptions,
  CollectionEmbedOptions,
  CollectionEntry,
  CollectionItem,
  CollectionOptions,
  SimilarByVectorOptions,
  SimilarOptions,
} from "./embeddings/collection.ts";
export { decode, encode } from "./embeddings/encode.ts";
export { cosineSimilarity } from "./embeddings/cosine-similarity.ts";
export { createOpenAIEmbeddingModel } from "./providers/openai/embeddings.ts";
export type { OpenAIEmbeddingModelConfig } from "./providers/openai/embeddings.ts";

// Configuration, keys and storage
export { configure } from "./configure.ts";
export type { ConfigureOptions, Timeouts } from "./configure.ts";
export { getKey, listKeys, setKey } from "./keys.ts";
export { createMemoryStorage } from "./storage/memory.ts";
export type { UnstorageLike } from "./storage/from-unstorage.ts";

// Logs
export { logs } from "./logs/logs.ts";
export type { ListLogsOptions } from "./logs/logs.ts";
export { loadConversation } from "./logs/load-conversation.ts";
export type { LoadConversationOptions } from "./logs/load-conversation.ts";
export type { LogOptions } from "./logs/write-log.ts";
export type { LogEntry, LoggedAttachment, LoggedConversation, LoggedFragment, LoggedToolResult } from "./logs/log-entry.ts";

// Providers registered by default (importable for reuse, e.g. OpenAI-compatible servers)
export { echoModel } from "./providers/echo.ts";
export { createOpenAIChatModel } from "./providers/openai/index.ts";
export { registerOpenAICompatible } from "./providers/openai/compatible.ts";
export type { OpenAICompatibleModel } from "./providers/openai/compatible.ts";

// Errors
export {
  ApiError,
  AttachmentError,
  CancelToolCall,
  ChainLimitError,
  ConfigurationError,
  isLlmError,
  LlmError,
  NotFoundError,
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
