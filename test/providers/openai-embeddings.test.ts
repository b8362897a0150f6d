/**
 * OpenAI embeddings against the recorded answer in ../shared/fixtures
 * (openai/embeddings), replayed through an injected fetch whole and split at
 * random byte boundaries; request bodies checked against the recorded request
 * and OpenAI's OpenAPI schema (CreateEmbeddingRequest).
 */
import { readFileSync } from "node:fs";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import { createOpenAIEmbeddingModel, readOpenAIEmbeddings } from "../../src/providers/openai/embeddings.ts";
import { loadFixtureCases } from "../helpers/fixtures.ts";
import { openAISpecPath, rewriteNullable } from "../helpers/openai-spec.ts";
import { replayFetch, seeds, type ReplayOptions } from "../helpers/replay-fetch.ts";

const cases = loadFixtureCases("openai", "embeddings");
const fixture = cases.find((candidate) => candidate.name === "text-embedding-3-small")!;

let validator: ValidateFunction | undefined;
/** Errors of a body that OpenAI's schema (`CreateEmbeddingRequest`) rejects; `[]` when valid. */
function embeddingRequestErrors(body: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(rewriteNullable(JSON.parse(readFileSync(openAISpecPath, "utf8"))) as object, "openai");
    validator = ajv.getSchema("openai#/components/schemas/CreateEmbeddingRequest")!;
  }
  if (validator(body)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`);
}

/** The recorded vectors decoded here, independently: base64, then little-endian float32 with Buffer. */
function decodeIndependently(base64: string): number[] {
  const bytes = Buffer.from(base64, "base64");
  return Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
}

const recordedBody = JSON.parse(new TextDecoder().decode(fixture.body));
const recordedVectors: number[][] = recordedBody.data.map((item: { embedding: string }) => decodeIndependently(item.embedding));

async function use(body: string | Uint8Array, options: ReplayOptions = {}) {
  const replay = replayFetch(body, { contentType: "application/json", ...options });
  await llm.configure({ fetch: replay.fetch, env: { OPENAI_API_KEY: "sk-embed-test-1234" } });
  return replay;
}

beforeEach(async () => {
  await llm.configure({ storage: llm.createMemoryStorage() });
});
afterEach(async () => {
  await llm.configure({ fetch: undefined, env: undefined, storage: llm.createMemoryStorage() });
});

describe("OpenAI embeddings: recorded answer", () => {
  it("the fixture is there, with the facts the test relies on", () => {
    expect(cases.map((candidate) => candidate.name)).toContain("text-embedding-3-small");
    expect(fixture.facts).toMatchObject({ model: "text-embedding-3-small", count: 1, encoding: "base64-float32", dimensions: [128] });
    expect(recordedVectors[0]).toHaveLength(128);
    expect(recordedVectors[0]!.slice(0, 3)).toEqual(fixture.facts.first_values[0]);
  });

  for (const seed of [undefined, ...seeds(12)]) {
    it(`decodes the base64 vector exactly and sends the recorded request (${seed === undefined ? "one chunk" : `split, seed ${seed}`})`, async () => {
      const replay = await use(fixture.body, { split: seed === undefined ? undefined : { seed }, status: fixture.status, contentType: fixture.contentType });
      // The recording asked text-embedding-3-small for 128 dimensions.
      const model = new llm.EmbeddingModel(createOpenAIEmbeddingModel({ modelId: "text-embedding-3-small", dimensions: 128 }));
      const vector = await model.embed("Hello, world!");
      expect(vector).toEqual(recordedVectors[0]);
      expect(replay.requests).toHaveLength(1);
      const [request] = replay.requests;
      expect(request!.body).toEqual(fixture.request);
      expect(embeddingRequestErrors(request!.body)).toEqual([]);
      expect(request!.url).toBe("https://api.openai.com/v1/embeddings");
      expect(request!.method).toBe("POST");
      expect(request!.headers.authorization).toBe("Bearer sk-embed-test-1234");
      expect(request!.headers["content-type"]).toBe("application/json");
    });
  }

  it("registered models send their own model name, dimensions for the shortened variants, and base64", async () => {
    const replay = await use(fixture.body);
    for (const alias of ["3-small", "3-large", "ada", "3-small-512", "3-large-256", "3-large-1024"]) await llm.getEmbeddingModel(alias).embed("Hello, world!");
    expect(replay.requests.map((request) => request.body)).toEqual([
      { model: "text-embedding-3-small", input: ["Hello, world!"], encoding_format: "base64" },
      { model: "text-embedding-3-large", input: ["Hello, world!"], encoding_format: "base64" },
      { model: "text-embedding-ada-002", input: ["Hello, world!"], encoding_format: "base64" },
      { model: "text-embedding-3-small", input: ["Hello, world!"], encoding_format: "base64", dimensions: 512 },
      { model: "text-embedding-3-large", input: ["Hello, world!"], encoding_format: "base64", dimensions: 256 },
      { model: "text-embedding-3-large", input: ["Hello, world!"], encoding_format: "base64", dimensions: 1024 },
    ]);
    for (const request of replay.requests) expect(embeddingRequestErrors(request.body)).toEqual([]);
  });

  it("embedMulti sends 100 inputs a request, and puts vectors back in input order by index", async () => {
    const replay = await use("");
    const texts = Array.from({ length: 250 }, (_, index) => `text ${index}`);
    // Answer each request with vectors [position, batch size], listed in reverse order.
    replay.fetch = async (_input, init) => {
      const body = JSON.parse(String(init!.body));
      replay.requests.push({ url: "", method: "POST", headers: {}, body, signal: undefined });
      const data = body.input.map((text: string, index: number) => ({
        object: "embedding",
        index,
        embedding: Buffer.from(new Float32Array([Number(text.split(" ")[1]), body.input.length]).buffer).toString("base64"),
      }));
      return Response.json({ object: "list", data: data.reverse(), model: body.model });
    };
    await llm.configure({ fetch: replay.fetch });
    const vectors: number[][] = [];
    for await (const vector of llm.getEmbeddingModel("3-small").embedMulti(texts)) vectors.push(vector);
    expect(replay.requests.map((request) => request.body.input.length)).toEqual([100, 100, 50]);
    expect(vectors).toEqual(texts.map((_, index) => [index, index < 200 ? 100 : 50]));
    for (const request of replay.requests) expect(embeddingRequestErrors(request.body)).toEqual([]);
  });

  it("reads float answers (encodingFormat: float) for compatible servers, which need no key", async () => {
    const replay = await use(JSON.stringify({ data: [{ index: 0, embedding: [0.1, -0.25, 3] }] }));
    const model = new llm.EmbeddingModel(createOpenAIEmbeddingModel({ modelId: "nomic", apiBase: "http://127.0.0.1:11434/v1/", encodingFormat: "float" }));
    await llm.configure({ env: {} });
    expect(await model.embed("x")).toEqual([0.1, -0.25, 3]);
    expect(replay.requests[0]!.url).toBe("http://127.0.0.1:11434/v1/embeddings");
    expect(replay.requests[0]!.body).toEqual({ model: "nomic", input: ["x"], encoding_format: "float" });
    expect(replay.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("uses OPENAI_BASE_URL from the environment", async () => {
    const replay = await use(fixture.body);
    await llm.configure({ env: { OPENAI_API_KEY: "sk-x-1234", OPENAI_BASE_URL: "https://proxy.example/v1" } });
    await llm.getEmbeddingModel("3-small").embed("Hello, world!");
    expect(replay.requests[0]!.url).toBe("https://proxy.example/v1/embeddings");
  });
});

describe("OpenAI embeddings: errors", () => {
  it("no key: NeedsKeyError naming llm.setKey(\"openai\", ...) and OPENAI_API_KEY, before any request", async () => {
    const replay = await use(fixture.body);
    await llm.configure({ env: {} });
    const error = await llm.getEmbeddingModel("3-small").embed("x").catch((caught: unknown) => caught);
    expect(llm.NeedsKeyError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/llm\.setKey\("openai", \.\.\.\).*OPENAI_API_KEY/);
    expect(replay.requests).toHaveLength(0);
  });

  it("an HTTP error is an ApiError with OpenAI's message and type, without the key", async () => {
    const body = JSON.stringify({ error: { message: "Incorrect API key provided: sk-embed*****1234.", type: "invalid_request_error", code: "invalid_api_key" } });
    await use(body, { status: 401 });
    const error = await llm.getEmbeddingModel("3-small").embed("x").catch((caught: unknown) => caught);
    expect(llm.ApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, type: "invalid_request_error", providerMessage: "Incorrect API key provided: sk-embed*****1234.", url: "https://api.openai.com/v1/embeddings", isRetryable: false });
    expect(String((error as Error).message)).not.toContain("sk-embed-test-1234");
  });

  it("a 429 is a retryable ApiError with retryAfter", async () => {
    await use(JSON.stringify({ error: { message: "Rate limit reached", type: "requests" } }), { status: 429, headers: { "retry-after": "2" } });
    await expect(llm.getEmbeddingModel("ada").embed("x")).rejects.toMatchObject({ status: 429, isRetryable: true, retryAfter: 2000 });
  });

  it("a body that is not an embeddings answer is a malformed StreamError", async () => {
    await use("<html>proxy</html>");
    await expect(llm.getEmbeddingModel("3-small").embed("x")).rejects.toSatisfy((error: unknown) => llm.StreamError.is(error) && (error as llm.StreamError).reason === "malformed");
    await use(JSON.stringify({ object: "list" }));
    await expect(llm.getEmbeddingModel("3-small").embed("x")).rejects.toThrow("The embeddings answer has no data list");
    expect(() => readOpenAIEmbeddings({ data: [{ index: 0, embedding: {} }] })).toThrow("Item 0 of the embeddings answer has no embedding");
    expect(() => readOpenAIEmbeddings({ data: [{ index: 1, embedding: [1] }] })).toThrow("no vector for input 0");
  });

  it("a connection that breaks mid-body is a retryable StreamError; an abort rejects with the signal's reason", async () => {
    await use(fixture.body, { chunks: [fixture.body.slice(0, 100)], failWith: new TypeError("terminated") });
    await expect(llm.getEmbeddingModel("3-small").embed("x")).rejects.toMatchObject({ reason: "truncated", isRetryable: true });
    await use(fixture.body, { stallAfter: 1, split: { seed: 1 } });
    const controller = new AbortController();
    const pending = llm.getEmbeddingModel("3-small").embed("x", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user stopped")), 20);
    await expect(pending).rejects.toThrow("user stopped");
  });
});
