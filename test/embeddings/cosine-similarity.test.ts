import { describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import { dotProduct, vectorNorm } from "../../src/embeddings/cosine-similarity.ts";
import { random } from "../helpers/replay-fetch.ts";

/** Python's llm.cosine_similarity, written out: the dot product over zip(a, b), the lengths over each whole vector. */
function pythonCosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let index = 0; index < Math.min(a.length, b.length); index++) dot += a[index]! * b[index]!;
  const magnitude = (values: number[]) => Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
  return dot / (magnitude(a) * magnitude(b));
}

describe("cosineSimilarity", () => {
  it("gives known values", () => {
    expect(llm.cosineSimilarity([1, 0], [1, 0])).toBe(1);
    expect(llm.cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(llm.cosineSimilarity([1, 0], [-1, 0])).toBe(-1);
    expect(llm.cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(llm.cosineSimilarity([1, 2, 3], [4, 5, 6])).toBeCloseTo(32 / (Math.sqrt(14) * Math.sqrt(77)), 15);
    expect(llm.cosineSimilarity([3, 4], [6, 8])).toBeCloseTo(1, 15);
  });

  it("matches the Python formula on random vectors, arrays and Float32Arrays alike", () => {
    const next = random(11);
    for (let round = 0; round < 50; round++) {
      const length = 1 + Math.floor(next() * 2000);
      const a = Array.from({ length }, () => next() * 2 - 1);
      const b = Array.from({ length }, () => next() * 2 - 1);
      expect(llm.cosineSimilarity(a, b)).toBeCloseTo(pythonCosine(a, b), 12);
      const fa = Float32Array.from(a);
      const fb = Float32Array.from(b);
      expect(llm.cosineSimilarity(fa, fb)).toBeCloseTo(pythonCosine([...fa], [...fb]), 12);
      // The collection's fast path: unrolled dot product over precomputed lengths.
      expect(dotProduct(fa, fb) / (vectorNorm(fa) * vectorNorm(fb))).toBeCloseTo(pythonCosine([...fa], [...fb]), 10);
    }
  });

  it("pairs values up to the shorter vector but measures each whole vector, as Python's zip does", () => {
    expect(llm.cosineSimilarity([1, 0, 5], [1, 0])).toBeCloseTo(pythonCosine([1, 0, 5], [1, 0]), 15);
    expect(llm.cosineSimilarity([1, 0, 5], [1, 0])).toBeCloseTo(1 / Math.sqrt(26), 15);
  });

  it("is NaN for a zero vector (Python raises ZeroDivisionError)", () => {
    expect(llm.cosineSimilarity([0, 0], [1, 2])).toBeNaN();
  });
});
