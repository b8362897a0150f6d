import type { EmbeddingModelAdapter } from "../../embeddings/embedding-model.ts";
import type { EmbeddingRegister } from "../../embeddings/embedding-registry.ts";
import { StreamError } from "../../errors.ts";
import type { ModelConfig } from "../shared/model-config.ts";
import { isRecord } from "../shared/parse-json-data.ts";
import { readJson } from "../shared/read-json.ts";
import { geminiKeyEnvVar, postGemini } from "./post-gemini.ts";

export interface GeminiEmbeddingModelConfig extends Omit<ModelConfig, "attachmentTypes"> {
  /**
   * The API base URL; requests go to `<apiBase>/v1beta/models/<name>:batchEmbedContents`.
   * @default the `GEMINI_BASE_URL` environment variable, else `https://generativelanguage.googleapis.com`
   */
  apiBase?: string | undefined;
  /**
   * The environment variable the key is read from.
   * @default "GEMINI_API_KEY" (or "LLM_GEMINI_KEY", the llm-gemini plugin's, when only that one is set)
   */
  keyEnvVar?: string | undefined;
  /**
   * Sent as `outputDimensionality`: the vectors are shortened to this size.
   * @default undefined (the model's full size, 3,072 for gemini-embedding-001)
   */
  outputDimensionality?: number | undefined;
  /**
   * Scale shortened vectors back to length 1. `gemini-embedding-001` returns
   * them unnormalised (newer models normalise them themselves), and the
   * llm-gemini plugin normalises them, so its vectors and ours agree.
   * @default true for `gemini-embedding-001` with `outputDimensionality`, else false
   */
  normalize?: boolean | undefined;
  /**
   * Inputs per request.
   * @default 20
   */
  batchSize?: number | undefined;
  /** @default "Gemini Embedding" */
  provider?: string | undefined;
}


/**
 * A Gemini embedding model: POST `<base>/v1beta/models/<name>:batchEmbedContents`,
 * one request per batch, the key in `x-goog-api-key` (never in the URL).
 * @example llm.registerEmbeddingModels((register) => register(createGeminiEmbeddingModel({ modelId: "gemini-embedding-001-256", modelName: "gemini-embedding-001", outputDimensionality: 256 })))
 */
export function createGeminiEmbeddingModel(config: GeminiEmbeddingModelConfig): EmbeddingModelAdapter {
  const { modelId, outputDimensionality } = config;
  const modelName = config.modelName ?? modelId;
  const normalize = config.normalize ?? (modelName === "gemini-embedding-001" && outputDimensionality !== undefined);
  return {
    modelId,
    provider: config.provider ?? "Gemini Embedding",
    keyName: config.keyName ?? "gemini",
    // A getter, as for Gemini's chat models: `LLM_GEMINI_KEY` works when `GEMINI_API_KEY` is unset.
    get keyEnvVar() {
      return geminiKeyEnvVar(config.keyEnvVar);
    },
    supportsText: true,
    supportsBinary: false,
    batchSize: config.batchSize ?? 20,
    async embedBatch(call) {
      const requests = call.items.map((text) => ({
        model: `models/${modelName}`,
        content: { parts: [{ text }] },
        ...(outputDimensionality ? { outputDimensionality } : {}),
      }));
      const response = await postGemini(call, config, modelName, "batchEmbedContents", { requests });
      const vectors = readGeminiEmbeddings(await readJson(response, "Gemini batchEmbedContents API", call.signal));
      return normalize ? vectors.map(toUnitLength) : vectors;
    },
  };
}

/** The vectors of a `batchEmbedContents` answer (`embeddings[].values`), in order. */
export function readGeminiEmbeddings(body: Record<string, unknown>): number[][] {
  const embeddings = body.embeddings;
  if (!Array.isArray(embeddings)) {
    throw new StreamError("The Gemini embeddings answer has no embeddings list: check the base URL and the model name.", { reason: "malformed", data: body });
  }
  return embeddings.map((item: unknown, index) => {
    const values = isRecord(item) ? item.values : undefined;
    if (Array.isArray(values) && values.every((value) => typeof value === "number")) return values as number[];
    throw new StreamError(`Item ${index} of the Gemini embeddings answer has no values list.`, { reason: "malformed", data: body });
  });
}

function toUnitLength(vector: number[]): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const length = Math.sqrt(sum);
  return length ? vector.map((value) => value / length) : vector;
}

/**
 * The llm-gemini plugin's embedding models: `gemini-embedding-001` and
 * `gemini-embedding-2`, each also shortened to 768 and 1,536 dimensions
 * (`gemini-embedding-001-768`, ...).
 */
const embeddingModels: ReadonlyArray<readonly [modelId: string, modelName: string, dimensions?: number]> = ["gemini-embedding-2", "gemini-embedding-001"].flatMap(
  (name) => [[name, name], [`${name}-768`, name, 768], [`${name}-1536`, name, 1536]] as const,
);

/**
 * The plugin that registers Gemini's embedding models with the llm-gemini
 * plugin's ids. Key name `gemini`, read from `GEMINI_API_KEY` (or `LLM_GEMINI_KEY`).
 * @example
 * import { registerGeminiEmbeddings } from "llm-anywhere/gemini";
 * llm.registerEmbeddingModels(registerGeminiEmbeddings);
 * await llm.getEmbeddingModel("gemini-embedding-001").embed("Hi");
 */
export function registerGeminiEmbeddings(register: EmbeddingRegister): void {
  for (const [modelId, modelName, outputDimensionality] of embeddingModels) register(createGeminiEmbeddingModel({ modelId, modelName, outputDimensionality }));
}
