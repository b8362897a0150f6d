/**
 * Gemini embeddings (batchEmbedContents) against the recorded answer in
 * ../shared/fixtures (gemini/batch-embed-contents), replayed through an
 * injected fetch whole and split at random byte boundaries.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import { createGeminiEmbeddingModel, readGeminiEmbeddings, registerGeminiEmbeddings } from "../../src/providers/gemini/index.ts";
import { loadFixtureCases } from "../helpers/fixtures.ts";
import { replayFetch, seeds, type ReplayOptions } from "../helpers/replay-fetch.ts";

const cases = loadFixtureCases("gemini", "batch-embed-contents");
const fixture = cases.find((candidate) => candidate.name === "gemini-embedding-001-768")!;
/** The recorded values, parsed here with JSON.parse. */
const recorded: number[] = JSON.parse(new TextDecoder().decode(fixture.body)).embeddings[0].values;

llm.registerEmbeddingModels(registerGeminiEmbeddings);

async function use(body: string | Uint8Array, options: ReplayOptions = {}, env: Record<string, string> = { GEMINI_API_KEY: "gm-embed-test-5678" }) {
  const replay = replayFetch(body, { contentType: "application/json; charset=UTF-8", ...options });
  await llm.configure({ fetch: replay.fetch, env });
  return replay;
}

beforeEach(async () => {
  await llm.configure({ storage: llm.createMemoryStorage() });
});
afterEach(async () => {
  await llm.configure({ fetch: undefined, env: undefined, storage: llm.createMemoryStorage() });
});

describe("Gemini embeddings: recorded answer", () => {
  it("the fixture is there, with the facts the test relies on", () => {
    expect(fixture.facts).toMatchObject({ count: 1, dimensions: [768] });
    expect(recorded).toHaveLength(768);
    expect(recorded.slice(0, 3)).toEqual(fixture.facts.first_values[0]);
  });

  for (const seed of [undefined, ...seeds(12)]) {
    it(`gemini-embedding-001-768 sends the recorded request and returns the vector scaled to length 1, as llm-gemini does (${seed === undefined ? "one chunk" : `split, seed ${seed}`})`, async () => {
      const replay = await use(fixture.body, { split: seed === undefined ? undefined : { seed }, status: fixture.status, contentType: fixture.contentType });
      const vector = await llm.getEmbeddingModel("gemini-embedding-001-768").embed("Some text goes here");
      const length = Math.sqrt(recorded.reduce((sum, value) => sum + value * value, 0));
      expect(vector).toHaveLength(768);
      vector.forEach((value, index) => expect(value).toBeCloseTo(recorded[index]! / length, 15));
      expect(Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))).toBeCloseTo(1, 12);
      expect(replay.requests).toHaveLength(1);
      const [request] = replay.requests;
      expect(request!.body).toEqual(fixture.request);
      expect(request!.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents");
      expect(request!.headers["x-goog-api-key"]).toBe("gm-embed-test-5678");
    });
  }

  it("the same answer through gemini-embedding-001 (no outputDimensionality) gives the recorded values exactly", async () => {
    const replay = await use(fixture.body, { split: { seed: 99 } });
    expect(await llm.getEmbeddingModel("gemini-embedding-001").embed("Some text goes here")).toEqual(recorded);
    expect(replay.requests[0]!.body).toEqual({ requests: [{ model: "models/gemini-embedding-001", content: { parts: [{ text: "Some text goes here" }] } }] });
  });

  it("registers the llm-gemini plugin's ids; gemini-embedding-2 is not rescaled (Google normalises it)", async () => {
    const ids = llm.getEmbeddingModels().map((model) => model.modelId);
    expect(ids).toEqual(expect.arrayContaining(["gemini-embedding-001", "gemini-embedding-001-768", "gemini-embedding-001-1536", "gemini-embedding-2", "gemini-embedding-2-768", "gemini-embedding-2-1536"]));
    const model = llm.getEmbeddingModel("gemini-embedding-2-1536");
    expect([model.batchSize, model.keyName, model.supportsBinary]).toEqual([20, "gemini", false]);
    const replay = await use(fixture.body);
    expect(await model.embed("x")).toEqual(recorded);
    expect(replay.requests[0]!.body.requests[0]).toEqual({ model: "models/gemini-embedding-2", content: { parts: [{ text: "x" }] }, outputDimensionality: 1536 });
    expect(replay.requests[0]!.url).toContain("/models/gemini-embedding-2:batchEmbedContents");
  });

  it("embedMulti sends 20 texts a request, one request entry per text", async () => {
    const replay = await use("");
    replay.fetch = async (_input, init) => {
      const body = JSON.parse(String(init!.body));
      replay.requests.push({ url: "", method: "POST", headers: {}, body, signal: undefined });
      return Response.json({ embeddings: body.requests.map((request: any) => ({ values: [Number(request.content.parts[0].text), body.requests.length] })) });
    };
    await llm.configure({ fetch: replay.fetch });
    const vectors: number[][] = [];
    for await (const vector of llm.getEmbeddingModel("gemini-embedding-001").embedMulti(Array.from({ length: 45 }, (_, index) => String(index)))) vectors.push(vector);
    expect(replay.requests.map((request) => request.body.requests.length)).toEqual([20, 20, 5]);
    expect(vectors).toEqual(Array.from({ length: 45 }, (_, index) => [index, index < 40 ? 20 : 5]));
  });

  it("reads the key from LLM_GEMINI_KEY when GEMINI_API_KEY is unset, and GEMINI_BASE_URL", async () => {
    const replay = await use(fixture.body, {}, { LLM_GEMINI_KEY: "llm-gemini-key-1", GEMINI_BASE_URL: "http://127.0.0.1:9/" });
    await llm.getEmbeddingModel("gemini-embedding-001").embed("x");
    expect(replay.requests[0]!.headers["x-goog-api-key"]).toBe("llm-gemini-key-1");
    expect(replay.requests[0]!.url).toBe("http://127.0.0.1:9/v1beta/models/gemini-embedding-001:batchEmbedContents");
  });
});

describe("Gemini embeddings: errors", () => {
  it("no key: NeedsKeyError naming llm.setKey(\"gemini\", ...) and GEMINI_API_KEY", async () => {
    const replay = await use(fixture.body, {}, {});
    const error = await llm.getEmbeddingModel("gemini-embedding-001").embed("x").catch((caught: unknown) => caught);
    expect(llm.NeedsKeyError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/llm\.setKey\("gemini", \.\.\.\).*GEMINI_API_KEY/);
    expect(replay.requests).toHaveLength(0);
  });

  it("an HTTP error is an ApiError with Google's status and message", async () => {
    const body = JSON.stringify({ error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT" } });
    await use(body, { status: 400 });
    await expect(llm.getEmbeddingModel("gemini-embedding-001").embed("x")).rejects.toMatchObject({
      status: 400,
      type: "INVALID_ARGUMENT",
      providerMessage: "API key not valid. Please pass a valid API key.",
    });
  });

  it("a body without embeddings is a malformed StreamError", async () => {
    await use(JSON.stringify({ candidates: [] }));
    await expect(llm.getEmbeddingModel("gemini-embedding-001").embed("x")).rejects.toThrow("The Gemini embeddings answer has no embeddings list");
    expect(() => readGeminiEmbeddings({ embeddings: [{ values: ["x"] }] })).toThrow("Item 0 of the Gemini embeddings answer has no values list.");
  });

  it("normalize can be set either way on a custom model", async () => {
    await use(JSON.stringify({ embeddings: [{ values: [3, 4] }] }));
    const scaled = new llm.EmbeddingModel(createGeminiEmbeddingModel({ modelId: "custom", modelName: "gemini-embedding-2", normalize: true }));
    expect(await scaled.embed("x")).toEqual([0.6, 0.8]);
    const raw = new llm.EmbeddingModel(createGeminiEmbeddingModel({ modelId: "custom", modelName: "gemini-embedding-001", outputDimensionality: 2, normalize: false }));
    expect(await raw.embed("x")).toEqual([3, 4]);
  });
});
