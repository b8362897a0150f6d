/**
 * Everything the main process does with llm-anywhere, without importing
 * `electron`: file storage shared with the Python llm, every response logged,
 * conversations that survive a restart, and answers streamed to a callback
 * (main.ts forwards the chunks over IPC). Because nothing here needs Electron,
 * it runs, and is tested, under plain Node of Electron's version line.
 */
import * as llm from "llm-anywhere";
import { createFsStorage } from "llm-anywhere/storage/fs";
import type { AskReply, AskRequest, MainInfo } from "../shared/bridge.ts";

export interface ChatServiceOptions {
  /**
   * The directory for keys (`keys.json`, in the Python llm's format) and logs
   * (`llm-anywhere/logs/`).
   * @example createChatService({ dir: path.join(app.getPath("userData"), "llm") })
   */
  dir: string;
  /**
   * Where `OPENAI_API_KEY` and `OPENAI_BASE_URL` are read from.
   * @default process.env
   */
  env?: Record<string, string | undefined> | undefined;
}

export interface ChatService {
  /**
   * Prompts `request.model` (default `echo`), calling `send` with each chunk of
   * text as it arrives. Never rejects: a failure is `{ ok: false, error }`.
   */
  ask(request: AskRequest, send: (text: string) => void, signal?: AbortSignal): Promise<AskReply>;
  info(): Promise<MainInfo>;
}

/**
 * Configures llm-anywhere for this process (storage, logging, environment)
 * and returns the service. Call it once, before the first window opens.
 */
export async function createChatService(options: ChatServiceOptions): Promise<ChatService> {
  await llm.configure({ storage: createFsStorage({ dir: options.dir }), log: true, env: options.env ?? process.env });
  /** Conversations of this run; earlier ones are loaded from the logs on first use. */
  const conversations = new Map<string, llm.Conversation>();

  async function conversationFor(request: AskRequest): Promise<llm.Conversation> {
    const model = llm.getModel(request.model ?? "echo");
    const id = request.conversationId;
    const known = id === undefined ? undefined : (conversations.get(id) ?? (await llm.loadConversation(id, { model })));
    // The model asked for now continues the conversation, whichever answered before.
    const conversation = !known ? model.conversation() : known.model.modelId === model.modelId ? known : new llm.Conversation(model, { id: known.id, responses: known.responses });
    conversations.set(conversation.id, conversation);
    return conversation;
  }

  return {
    async ask(request, send, signal) {
      try {
        const conversation = await conversationFor(request);
        const response = conversation.prompt(request.prompt, { system: request.system, signal });
        for await (const chunk of response) send(chunk);
        const usage = await response.usage();
        await response.logged;
        return {
          ok: true,
          text: await response.text(),
          model: conversation.model.modelId,
          conversationId: conversation.id,
          responseId: response.id,
          usage: { input: usage.input, output: usage.output },
          durationMs: await response.durationMs(),
        };
      } catch (error) {
        const { name = "Error", message = String(error) } = error instanceof Error ? error : {};
        return { ok: false, error: { name, code: llm.isLlmError(error) ? error.code : undefined, message } };
      }
    },
    async info() {
      return { node: process.version, electron: process.versions.electron, storageDir: options.dir, keys: await llm.listKeys() };
    },
  };
}
