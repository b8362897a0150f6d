import { ChainResponse, type ChainOptions } from "./chain.ts";
import { getEnv, getFetch } from "./configure.ts";
import { Conversation, type ConversationOptions } from "./conversation.ts";
import { checkAttachments, resolveAttachments } from "./check-attachments.ts";
import { ConfigurationError, ToolError } from "./errors.ts";
import type { ToolHooks } from "./execute-tool-calls.ts";
import type { FragmentLike } from "./fragment.ts";
import { toJsonSchema, type InferSchema, type SchemaInput } from "./json-schema.ts";
import { resolveKey } from "./keys.ts";
import { validateOptions } from "./options.ts";
import { promptText, systemText, turnMessages } from "./prompt-text.ts";
import { Response } from "./response.ts";
import type { AttachmentSource, Message } from "./spec/message.ts";
import type { ModelAdapter } from "./spec/model-adapter.ts";
import type { Tool, ToolResult } from "./tool.ts";
import type { Toolbox } from "./toolbox.ts";

/** What `tools` takes: tools from `llm.tool()` and `Toolbox` instances. */
export type ToolLike = Tool<any> | Toolbox;

/** What `response.object()` resolves to: the schema's output type, `unknown` without a schema. */
export type ObjectOf<S> = [S] extends [undefined] ? unknown : InferSchema<NonNullable<S>>;

export interface PromptOptions<Options = Record<string, unknown>, S extends SchemaInput | undefined = SchemaInput | undefined> {
  /** The system prompt. */
  system?: string | undefined;
  /**
   * Text put before the system prompt: each fragment and the system prompt
   * are trimmed, blanks dropped, and joined by blank lines.
   */
  systemFragments?: readonly FragmentLike[] | undefined;
  /**
   * Text put before the prompt (strings or `llm.fragment(text, { source })`),
   * joined to it by newlines. Logs store each fragment once.
   * @example { fragments: [readme, changelog] }
   */
  fragments?: readonly FragmentLike[] | undefined;
  /**
   * Images, audio, PDFs, ... from `llm.attachment()`, sent after the prompt
   * text. A type the model does not take (`model.attachmentTypes`) throws
   * `AttachmentError` at `prompt()` time, or, when only reading the file or
   * a `HEAD` request can tell the type, fails the response before anything is sent.
   * @example { attachments: [llm.attachment({ url: "https://example.com/pelican.jpg" })] }
   */
  attachments?: readonly AttachmentSource[] | undefined;
  /**
   * The JSON the answer must follow: a zod schema (or any Standard JSON
   * Schema), or a JSON Schema object (`llm.schemaDsl()` writes one). Read
   * the answer with `await response.object()`, typed by a zod schema.
   * Throws at `prompt()` time on a model without `supportsSchema`.
   * @example { schema: z.object({ name: z.string(), age: z.number().int() }) }
   */
  schema?: S;
  /**
   * A key for this prompt, or the name of a stored key (`"openai"`).
   * Ignored when `model.key` is set.
   */
  key?: string | undefined;
  /**
   * Model options, validated against the model's options schema when
   * `prompt()` is called: an unknown name or a bad value throws `OptionsError`.
   * @example { temperature: 0.2, max_tokens: 200 }
   */
  options?: Partial<Options> | undefined;
  /** Aborts the request; the response then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /**
   * Leaves reasoning out: providers that can are asked not to send it (OpenAI
   * Responses drops its reasoning summary, Gemini its thoughts), and
   * `streamEvents()` yields none.
   * @default false
   */
  hideReasoning?: boolean | undefined;
  /**
   * `false` asks the provider for one JSON answer instead of a stream (the
   * Response API is the same).
   * @default true
   */
  stream?: boolean | undefined;
  /** Earlier messages, sent before this prompt (as the Python library's `messages=`). */
  messages?: readonly Message[] | undefined;
  /**
   * Tools the model may ask to call: `llm.tool()` tools and `Toolbox`
   * instances. Throws at `prompt()` time on a model without tool support.
   */
  tools?: readonly ToolLike[] | undefined;
  /** Results of tool calls to send back (what a chain does for you). */
  toolResults?: readonly ToolResult[] | undefined;
  /** Default hooks for `response.executeToolCalls()`. */
  beforeCall?: ToolHooks["beforeCall"];
  afterCall?: ToolHooks["afterCall"];
}

/** A model you can prompt. Get one with `llm.getModel(idOrAlias)`. */
export class Model<Options = Record<string, unknown>> {
  readonly adapter: ModelAdapter<Options>;
  #key: string | undefined;

  constructor(adapter: ModelAdapter<Options>) {
    this.adapter = adapter;
  }

  get modelId(): string {
    return this.adapter.modelId;
  }

  /** The MIME types this model accepts as attachments. */
  get attachmentTypes(): ReadonlySet<string> {
    return this.adapter.attachmentTypes ?? new Set();
  }

  get supportsTools(): boolean {
    return this.adapter.supportsTools ?? false;
  }

  get supportsSchema(): boolean {
    return this.adapter.supportsSchema ?? false;
  }

  get canStream(): boolean {
    return this.adapter.canStream ?? true;
  }

  /** The name its key is stored under (`openai`), or `undefined` when it needs none. */
  get keyName(): string | undefined {
    return this.adapter.keyName;
  }

  /** The environment variable its key is read from (`OPENAI_API_KEY`). */
  get keyEnvVar(): string | undefined {
    return this.adapter.keyEnvVar;
  }

  /** A key for every prompt to this model; wins over all other sources. Never shown or logged. */
  get key(): string | undefined {
    return this.#key;
  }

  set key(value: string | undefined) {
    this.#key = value;
  }

  /**
   * Prompts the model. Options are checked now; the request is sent when the
   * response is first consumed.
   * @example await llm.getModel("gpt-4o-mini").prompt("Five names for a pelican").text()
   */
  prompt<S extends SchemaInput | undefined = undefined>(prompt?: string, options: PromptOptions<Options, S> = {}): Response<ObjectOf<S>> {
    return this.promptAfter(async () => options.messages ?? [], prompt, options);
  }

  /**
   * Runs a chain: prompts, runs the tools the model asks for, sends their
   * results back, and repeats until the model asks for none.
   * @example await model.chain("Convert panda to upper", { tools: [upper] }).text()
   */
  chain(prompt?: string, options: ChainOptions<Options> = {}): ChainResponse {
    return new ChainResponse(this, prompt, options);
  }

  /** Starts a conversation: each prompt sends the whole history. */
  conversation(options: ConversationOptions = {}): Conversation<Options> {
    return new Conversation(this, options);
  }

  /**
   * `prompt()` with a history that is known only when the request starts
   * (a conversation's earlier answers). @internal
   */
  promptAfter<S extends SchemaInput | undefined = undefined>(
    history: () => Promise<readonly Message[]>,
    prompt: string | undefined,
    options: PromptOptions<Options, S>,
  ): Response<ObjectOf<S>> {
    const adapter = this.adapter;
    const validated = validateOptions(adapter, options.options);
    const tools = options.tools ?? [];
    if (tools.length && !this.supportsTools) throw new ToolError(`${String(this)} does not support tools`);
    const { attachments = [], schema } = options;
    checkAttachments(this.attachmentTypes, attachments, true);
    if (schema !== undefined && !this.supportsSchema) throw new ConfigurationError(`${String(this)} does not support schemas`);
    const jsonSchema = schema === undefined ? undefined : toJsonSchema(schema);
    const system = systemText(options.systemFragments ?? [], options.system);
    const text = promptText(options.fragments ?? [], prompt);
    const turn = turnMessages(
      options.toolResults,
      system,
      text,
      attachments.map((attachment) => ({ type: "attachment", attachment }) as const),
    );
    const modelKey = this.#key;
    const { key: explicitKey, signal } = options;
    const stream = options.stream ?? true;
    return new Response<ObjectOf<S>>({
      prompt: text,
      signal,
      schema,
      fragments: options.fragments,
      systemFragments: options.systemFragments,
      attachments,
      hooks: { beforeCall: options.beforeCall, afterCall: options.afterCall },
      hideReasoning: options.hideReasoning,
      start: async (signal) => {
        const key = await resolveKey({ modelKey, explicitKey, keyName: adapter.keyName, keyEnvVar: adapter.keyEnvVar });
        const offered = await expandTools(tools);
        const messages = [...(await history()), ...turn];
        await resolveAttachments(messages, signal);
        checkAttachments(this.attachmentTypes, attachments);
        const call = { messages, options: validated, tools: offered.map((tool) => tool.definition()), schema: jsonSchema, stream, key, fetch: getFetch(), env: getEnv(), signal, hideReasoning: options.hideReasoning };
        return { stream: await adapter.execute(call), messages, tools: offered, model: this.modelId, options: validated as Record<string, unknown> };
      },
    });
  }

  toString(): string {
    return `${this.adapter.provider ?? "Model"}: ${this.modelId}`;
  }
}

/** Prepares toolboxes (once each) and lists every tool, toolboxes expanded. */
async function expandTools(tools: readonly ToolLike[]): Promise<Tool<any>[]> {
  // Told apart by shape, not instanceof: an app that never makes a toolbox does not bundle the class.
  const isToolbox = (tool: ToolLike): tool is Toolbox => typeof (tool as Toolbox).ensurePrepared === "function";
  await Promise.all(tools.map((tool) => (isToolbox(tool) ? tool.ensurePrepared() : undefined)));
  return tools.flatMap((tool) => (isToolbox(tool) ? tool.tools() : [tool]));
}
