import { ChainResponse, type ChainOptions } from "./chain.ts";
import type { ToolHooks } from "./execute-tool-calls.ts";
import type { Model, PromptOptions, ToolLike } from "./model.ts";
import { historyOf, type Response } from "./response.ts";
import type { Message } from "./spec/message.ts";
import { ulid } from "./ulid.ts";

export interface ConversationOptions extends ToolHooks {
  /** Tools for every turn that does not give its own. */
  tools?: readonly ToolLike[] | undefined;
  /** The `chainLimit` of every `chain()` that does not give its own. @default no limit */
  chainLimit?: number | undefined;
  /** The id to continue under (`llm.loadConversation()` passes the logged one). @default a new ULID */
  id?: string | undefined;
  /** Finished responses to continue from, oldest first (what `llm.loadConversation()` restores). */
  responses?: readonly Response[] | undefined;
}

/**
 * A conversation: each prompt sends the whole history (earlier prompts,
 * answers, tool calls and tool results). Make one with `model.conversation()`.
 */
export class Conversation<Options = Record<string, unknown>> {
  /** A time-sortable id (a lowercase ULID, as the Python library's). */
  readonly id: string;
  readonly model: Model<Options>;
  /** The finished responses, in order (chain rounds included). */
  readonly responses: Response[] = [];
  #options: ConversationOptions;
  #created: Response[] = [];

  constructor(model: Model<Options>, options: ConversationOptions = {}) {
    this.model = model;
    this.#options = options;
    this.id = options.id ?? ulid();
    for (const response of options.responses ?? []) {
      // Finished already: in `responses` at once, not a tick later.
      response.conversationId = this.id;
      this.#created.push(response);
      this.responses.push(response);
    }
  }

  /** Prompts the model with the conversation so far. */
  prompt(prompt?: string, options: PromptOptions<Options> = {}): Response {
    const earlier = this.#created.slice();
    const { tools, beforeCall, afterCall } = this.#options;
    const response = this.model.promptAfter(() => this.#history(earlier), prompt, { tools, beforeCall, afterCall, ...options });
    this.#track(response);
    return response;
  }

  /** Runs a tool chain within the conversation; its rounds join the history. */
  chain(prompt?: string, options: ChainOptions<Options> = {}): ChainResponse {
    const { tools, beforeCall, afterCall, chainLimit } = this.#options;
    const earlier = this.#created.slice();
    return new ChainResponse(this.model, prompt, { tools, beforeCall, afterCall, chainLimit, ...options }, {
      history: () => this.#history(earlier),
      track: (response) => this.#track(response),
    });
  }

  #track(response: Response): void {
    response.conversationId = this.id;
    this.#created.push(response);
    response.onDone((done) => void this.responses.push(done));
  }

  /** The history after the last of `earlier` that finished (a failed turn is left out). */
  async #history(earlier: readonly Response[]): Promise<readonly Message[]> {
    for (let index = earlier.length - 1; index >= 0; index--) {
      try {
        return await historyOf(earlier[index]!);
      } catch {
        // That turn failed: build on the one before it.
      }
    }
    return [];
  }
}
