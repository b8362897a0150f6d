/** One result of `topK`: the index of a candidate and its score. */
export interface Ranked {
  index: number;
  score: number;
}

/**
 * The `count` highest-scoring of `length` candidates, highest first (ties:
 * lower index first), without sorting them all: a min-heap of `count` keeps
 * the best seen so far, so the cost is `length * log(count)` at worst and
 * nearly `length` when most candidates lose to the heap's minimum.
 * `scoreOf(index)` returns `undefined` (or `NaN`) to skip a candidate.
 * @internal
 */
export function topK(count: number, length: number, scoreOf: (index: number) => number | undefined): Ranked[] {
  const size = Math.max(0, Math.min(Math.floor(count), length));
  if (size === 0) return [];
  const scores = new Float64Array(size);
  const indexes = new Int32Array(size);
  let filled = 0;
  /** `true` when the heap's slot `a` ranks below slot `b` (a lower score, or the same score and a later index). */
  const below = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && indexes[a]! > indexes[b]!);
  const swap = (a: number, b: number) => {
    const score = scores[a]!;
    const index = indexes[a]!;
    scores[a] = scores[b]!;
    indexes[a] = indexes[b]!;
    scores[b] = score;
    indexes[b] = index;
  };
  const siftDown = (from: number) => {
    for (let at = from; ; ) {
      const left = 2 * at + 1;
      if (left >= filled) return;
      const right = left + 1;
      const lowest = right < filled && below(right, left) ? right : left;
      if (!below(lowest, at)) return;
      swap(lowest, at);
      at = lowest;
    }
  };
  for (let index = 0; index < length; index++) {
    const score = scoreOf(index);
    if (score === undefined || Number.isNaN(score)) continue;
    if (filled < size) {
      scores[filled] = score;
      indexes[filled] = index;
      // Sift up.
      for (let at = filled++; at > 0; ) {
        const parent = (at - 1) >> 1;
        if (!below(at, parent)) break;
        swap(at, parent);
        at = parent;
      }
    } else if (score > scores[0]!) {
      // Equal scores keep the earlier candidate, already in the heap.
      scores[0] = score;
      indexes[0] = index;
      siftDown(0);
    }
  }
  const ranked: Ranked[] = [];
  for (let slot = 0; slot < filled; slot++) ranked.push({ index: indexes[slot]!, score: scores[slot]! });
  return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
}
