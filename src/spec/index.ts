export type { StandardJSONSchemaV1, StandardSchemaV1 } from "./standard-schema.ts";
export type {
  AttachmentPart,
  AttachmentSource,
  JsonSchema,
  Message,
  Part,
  ReasoningPart,
  Role,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from "./message.ts";
export type {
  FinishPart,
  RawPart,
  ReasoningDeltaPart,
  ResponseMetadataPart,
  StreamPart,
  TextDeltaPart,
  ToolCallDeltaPart,
  ToolCallStreamPart,
  UsagePart,
} from "./stream-part.ts";
export type { Env, ModelAdapter, ModelCall, ToolDefinition } from "./model-adapter.ts";
export type { KeysOptions, Storage } from "./storage.ts";
