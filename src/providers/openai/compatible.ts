import { registerModels } from "../../registry.ts";
import { createOpenAIChatModel } from "./chat.ts";
import { audioAttachmentTypes, visionAttachmentTypes } from "./index.ts";

/**
 * A model on an OpenAI-compatible server (Ollama, llama.cpp's server, vLLM,
 * LM Studio, OpenRouter, Groq, Mistral, ...): the fields of the Python
 * library's `extra-openai-models.yaml`, in camelCase.
 */
export interface OpenAICompatibleModel {
  /** The id you prompt it by, e.g. `llama3.2-local`. */
  modelId: string;
  /** The name sent to the server as `model`. @default modelId */
  modelName?: string | undefined;
  /** The server's base URL, e.g. `http://localhost:11434/v1`. @default OpenAI's, or `OPENAI_BASE_URL` */
  apiBase?: string | undefined;
  /** Headers sent with every request. */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * The stored key's name, and the key's environment variable's
   * (`OPENROUTER_API_KEY` for `openrouter`). With an `apiBase` and no key
   * name, no key is needed, as in the Python library.
   */
  keyName?: string | undefined;
  /** Other names it answers to. */
  aliases?: readonly string[] | undefined;
  /** @default false */
  supportsTools?: boolean | undefined;
  /** @default false */
  supportsSchema?: boolean | undefined;
  /** Accepts images (and PDFs). @default false */
  vision?: boolean | undefined;
  /** Accepts wav and mp3 audio. @default false */
  audio?: boolean | undefined;
  /** `false` for servers that cannot stream: they are asked for one JSON answer. @default true */
  canStream?: boolean | undefined;
}

/**
 * Registers models served by OpenAI-compatible servers.
 * @example
 * llm.registerOpenAICompatible([
 *   { modelId: "llama3.2", apiBase: "http://localhost:11434/v1", aliases: ["local"] },
 *   { modelId: "or-kimi", modelName: "moonshotai/kimi-k2", apiBase: "https://openrouter.ai/api/v1", keyName: "openrouter", supportsTools: true },
 * ]);
 */
export function registerOpenAICompatible(models: readonly OpenAICompatibleModel[]): void {
  registerModels((register) => {
    for (const { aliases, vision, audio, keyName, ...config } of models) {
      const attachmentTypes = [...(vision ? visionAttachmentTypes : []), ...(audio ? audioAttachmentTypes : [])];
      const keyEnvVar = keyName ? `${keyName.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_API_KEY` : undefined;
      register(createOpenAIChatModel({ ...config, keyName, keyEnvVar, attachmentTypes, provider: "OpenAI Compatible" }), { aliases });
    }
  });
}
