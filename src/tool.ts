import { ToolError } from "./errors.ts";
import { type InferSchema, type SchemaInput, standardValidator, toJsonSchema } from "./json-schema.ts";
import type { AttachmentSource, JsonSchema } from "./spec/message.ts";
import type { ToolDefinition } from "./spec/model-adapter.ts";

export { ToolOutput } from "./tool-output.ts";

/** A tool call the model asked for. */
export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
  /** The provider's id, or a generated `tc_<ulid>`: every call has one. */
  toolCallId: string;
  /** What the provider needs sent back with this call (Gemini's `thoughtSignature`). */
  providerMetadata?: Record<string, unknown> | undefined;
  /**
   * When the tool runs: the signal of the prompt or chain that asked for the
   * call, so a long-running tool can stop when it is aborted (never logged).
   */
  signal?: AbortSignal | undefined;
}

/** What running a tool call gave, and what the model is told. */
export interface ToolResult {
  name: string;
  /** What the model is told: the tool's string result, its other results JSON-encoded, or `Error: ...` / `Cancelled: ...`. */
  output: string;
  toolCallId: string;
  /** The error the tool (or `beforeCall`) threw, if any. */
  exception?: Error | undefined;
  /** Attachments the tool returned through `ToolOutput`; they go to the model with the next round. */
  attachments: AttachmentSource[];
}

export interface ToolInit<S extends SchemaInput, Result> {
  /** The name the model calls it by (letters, digits, `_` and `-`). */
  name: string;
  /** What it does, for the model. */
  description?: string | undefined;
  /**
   * Its arguments: a zod schema (or any Standard JSON Schema), or a JSON
   * Schema object. The model's arguments are validated against it before
   * `execute` runs; invalid ones become an error result the model is told.
   * @default no arguments
   * @example z.object({ text: z.string().describe("The text to convert") })
   */
  parameters?: S | undefined;
  /** Runs the tool; may be async. A string is sent as is, anything else JSON-encoded. */
  execute: (args: InferSchema<S>, toolCall: ToolCall) => Result | Promise<Result>;
}

const noParameters: JsonSchema = { type: "object", properties: {} };

/** A function the model can call. Make one with `llm.tool({ name, description, parameters, execute })`. */
export class Tool<Args = Record<string, unknown>> {
  readonly name: string;
  readonly description: string | undefined;
  /** The JSON Schema sent to providers. */
  readonly parameters: JsonSchema;
  readonly #validate: ((args: Record<string, unknown>) => Promise<unknown>) | undefined;
  readonly #execute: (args: Args, toolCall: ToolCall) => unknown;

  constructor(init: ToolInit<SchemaInput, unknown>) {
    if (!init.name) throw new ToolError("A tool needs a name.");
    this.name = init.name;
    this.description = init.description;
    const schema = init.parameters ?? noParameters;
    this.parameters = toJsonSchema(schema);
    const validate = standardValidator(schema);
    this.#validate = validate && (async (args) => readResult(await validate(args), this.name));
    this.#execute = init.execute as (args: Args, toolCall: ToolCall) => unknown;
  }

  /** How providers see it. */
  definition(): ToolDefinition {
    return { name: this.name, description: this.description, parameters: this.parameters };
  }

  /** Validates the arguments, then runs the tool. Throws `ToolError` for invalid arguments. */
  async execute(args: Record<string, unknown>, toolCall: ToolCall): Promise<unknown> {
    const checked = this.#validate ? await this.#validate(args) : checkAgainstJsonSchema(args, this.parameters, this.name);
    return this.#execute(checked as Args, toolCall);
  }
}

/**
 * A tool the model can call.
 * @example
 * const upper = llm.tool({
 *   name: "upper",
 *   description: "Convert text to uppercase.",
 *   parameters: z.object({ text: z.string() }),
 *   execute: ({ text }) => text.toUpperCase(),
 * });
 */
export function tool<S extends SchemaInput = JsonSchema, Result = unknown>(init: ToolInit<S, Result>): Tool<InferSchema<S>> {
  return new Tool(init as ToolInit<SchemaInput, unknown>) as Tool<InferSchema<S>>;
}

function readResult(result: { value?: unknown; issues?: ReadonlyArray<{ message: string; path?: ReadonlyArray<unknown> }> }, name: string) {
  if (!result.issues) return result.value;
  const issue = result.issues[0]!;
  const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" && segment ? (segment as { key: unknown }).key : segment));
  throw new ToolError(`Invalid arguments for tool ${name}${path.length ? ` at "${path.join(".")}"` : ""}: ${issue.message}`);
}

const jsonTypes: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === "string",
  number: (value) => typeof value === "number",
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === "boolean",
  object: (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  array: Array.isArray,
  null: (value) => value === null,
};

/**
 * The checks a plain JSON Schema gets without a validator library: required
 * properties are there, and top-level properties have their declared type.
 */
function checkAgainstJsonSchema(args: Record<string, unknown>, schema: JsonSchema, name: string): Record<string, unknown> {
  for (const required of (schema.required as string[] | undefined) ?? []) {
    if (!(required in args)) throw new ToolError(`Invalid arguments for tool ${name}: missing required argument "${required}"`);
  }
  const properties = (schema.properties ?? {}) as Record<string, { type?: string | string[] }>;
  for (const [key, value] of Object.entries(args)) {
    const declared = properties[key]?.type;
    if (!declared) continue;
    const types = Array.isArray(declared) ? declared : [declared];
    if (!types.some((type) => jsonTypes[type]?.(value) ?? true)) {
      throw new ToolError(`Invalid arguments for tool ${name}: "${key}" should be ${types.join(" or ")}, got ${JSON.stringify(value)}`);
    }
  }
  return args;
}
