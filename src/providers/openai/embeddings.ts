import { fromBase64 } from "../../base64.ts";
import type { EmbeddingModelAdapter } from "../../embeddings/embedding-model.ts";
import type { EmbeddingRegister } from "../../embeddings/embedding-registry.ts";
import { decodeFloat32 } from "../../embeddings/encode.ts";
import { StreamError } from "../../errors.ts";
import type { ModelConfig } from "../shared/model-config.ts";
import { isRecord } from "../shared/parse-json-data.ts";
import { readJson } from "../shared/read-json.ts";
import { postOpenAI } from "./post-openai.ts";

export interface OpenAIEmbeddingModelConfig extends Omit<ModelConfig, "attachmentTypes"> {
  /**
   * The API base URL, for OpenAI-compatible servers.
   * @default the `OPENAI_BASE_URL` environment variable, else `https://api.openai.com/v1`
   */
  apiBase?: string | undefined;
  /**
   * The name the key is stored under. As for chat models, a model with its
   * own `apiBase` needs no key unless this is set.
   * @default "openai" (none when `apiBase` is given)
   */
  keyName?: string | undefined;
  /**
   * The environment variable the key is read from.
   * @default "OPENAI_API_KEY" with the default key name, else none
   */
  keyEnvVar?: string | undefined;
  /**
   * Sent as `dimensions`: `text-embedding-3` models shorten their vectors to it.
   * @default undefined (the model's full size)
   */
  dimensions?: number | undefined;
  /**
   * Inputs per request.
   * @default 100
   */
  batchSize?: number | undefined;
  /**
   * How vectors travel: `base64` (little-endian float32, about a quarter of
   * the bytes of `float`, and exact) or `float` (JSON numbers), for
   * compatible servers without base64.
   * @default "base64"
   */
  encodingFormat?: "base64" | "float" | undefined;
  /** @default "OpenAI Embedding" */
  provider?: string | undefined;
}


/**
 * An embedding model on OpenAI's API (POST `<base>/embeddings`) or any
 * OpenAI-compatible server.
 * @example llm.registerEmbeddingModels((register) => register(createOpenAIEmbeddingModel({ modelId: "nomic-embed-text", apiBase: "http://localhost:11434/v1", encodingFormat: "float" })))
 */
export function createOpenAIEmbeddingModel(config: OpenAIEmbeddingModelConfig): EmbeddingModelAdapter {
  const { modelId, apiBase, dimensions } = config;
  const modelName = config.modelName ?? modelId;
  const keyName = config.keyName ?? (apiBase ? undefined : "openai");
  const encodingFormat = config.encodingFormat ?? "base64";
  return {
    modelId,
    provider: config.provider ?? "OpenAI Embedding",
    keyName,
    keyEnvVar: config.keyEnvVar ?? (keyName === "openai" ? "OPENAI_API_KEY" : undefined),
    supportsText: true,
    supportsBinary: false,
    batchSize: config.batchSize ?? 100,
    async embedBatch(call) {
      const body = { model: modelName, input: call.items, encoding_format: encodingFormat, ...(dimensions ? { dimensions } : {}) };
      const response = await postOpenAI(call, config, "embeddings", body);
      return readOpenAIEmbeddings(await readJson(response, "OpenAI embeddings API", call.signal));
    },
  };
}

/**
 * The vectors of an embeddings answer, in input order (by each item's
 * `index`): base64 strings decoded as little-endian float32, number arrays
 * as they are.
 */
export function readOpenAIEmbeddings(body: Record<string, unknown>): Array<Float32Array | number[]> {
  const data = body.data;
  if (!Array.isArray(data)) {
    throw new StreamError("The embeddings answer has no data list: check the base URL and the model name.", { reason: "malformed", data: body });
  }
  const vectors: Array<Float32Array | number[]> = [];
  data.forEach((item: unknown, position) => {
    const embedding = isRecord(item) ? item.embedding : undefined;
    const index = isRecord(item) && typeof item.index === "number" ? item.index : position;
    if (typeof embedding === "string") vectors[index] = decodeFloat32(fromBase64(embedding));
    else if (Array.isArray(embedding) && embedding.every((value) => typeof value === "number")) vectors[index] = embedding as number[];
    else throw new StreamError(`Item ${position} of the embeddings answer has no embedding (a base64 string or a list of numbers).`, { reason: "malformed", data: body });
  });
  for (let index = 0; index < data.length; index++) {
    if (!vectors[index]) throw new StreamError(`The embeddings answer has no vector for input ${index}.`, { reason: "malformed", data: body });
  }
  return vectors;
}

/** [model id, model name, dimensions, aliases], as the Python library registers them. */
const models: ReadonlyArray<readonly [modelId: string, modelName: string, dimensions: number | undefined, aliases: readonly string[]]> = [
  ["text-embedding-ada-002", "text-embedding-ada-002", undefined, ["ada", "ada-002"]],
  ["text-embedding-3-small", "text-embedding-3-small", undefined, ["3-small"]],
  ["text-embedding-3-large", "text-embedding-3-large", undefined, ["3-large"]],
  ["text-embedding-3-small-512", "text-embedding-3-small", 512, ["3-small-512"]],
  ["text-embedding-3-large-256", "text-embedding-3-large", 256, ["3-large-256"]],
  ["text-embedding-3-large-1024", "text-embedding-3-large", 1024, ["3-large-1024"]],
];

/**
 * The plugin that registers OpenAI's embedding models with the Python
 * library's ids and aliases (`3-small`, `3-large`, `ada`, and the shortened
 * `3-small-512`, `3-large-256`, `3-large-1024`). Registered by default.
 * @example llm.registerEmbeddingModels(registerOpenAIEmbeddings)
 */
export function registerOpenAIEmbeddings(register: EmbeddingRegister): void {
  for (const [modelId, modelName, dimensions, aliases] of models) register(createOpenAIEmbeddingModel({ modelId, modelName, dimensions }), { aliases });
}
