import { describe, expect, it } from "vitest";
import { topK } from "../../src/embeddings/top-k.ts";
import { random } from "../helpers/replay-fetch.ts";

describe("topK", () => {
  it("returns the same as sorting every score, for many sizes", () => {
    const next = random(3);
    for (const [length, count] of [[0, 5], [1, 1], [5, 10], [100, 1], [1000, 10], [1000, 999], [5000, 100]] as const) {
      // Few distinct values, so ties are common.
      const scores = Array.from({ length }, () => Math.round(next() * 50) / 50);
      const expected = scores.map((score, index) => ({ index, score })).sort((a, b) => b.score - a.score || a.index - b.index).slice(0, count);
      expect(topK(count, length, (index) => scores[index])).toEqual(expected);
    }
  });

  it("skips undefined and NaN scores, and takes a count of 0 or less as none", () => {
    const scores = [0.5, NaN, 0.9, undefined, -1];
    expect(topK(10, scores.length, (index) => scores[index])).toEqual([
      { index: 2, score: 0.9 },
      { index: 0, score: 0.5 },
      { index: 4, score: -1 },
    ]);
    expect(topK(0, 3, () => 1)).toEqual([]);
    expect(topK(-2, 3, () => 1)).toEqual([]);
  });

  it("ranks equal scores by index", () => {
    expect(topK(3, 6, () => 0.5).map(({ index }) => index)).toEqual([0, 1, 2]);
  });
});
