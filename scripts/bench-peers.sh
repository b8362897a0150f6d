#!/usr/bin/env bash
# Runs the shared stream benchmark (/work/shared/bench/stream, read-only) with our
# adapter (test/bench/adapters/llm-anywhere.mjs) next to the peers.
#
#   scripts/bench-peers.sh                       bulk, N=100000, 3 reps, then tools
#   N=10000 REPS=5 scripts/bench-peers.sh         other sizes
#   ADAPTERS=raw-split,llm-anywhere SCENARIOS=bulk,paced scripts/bench-peers.sh
#
# What it does:
#   1. copies the harness to .bench/stream (gitignored) and runs `npm ci` there
#      (only when package-lock.json changed);
#   2. `npm run build` here, then links .bench/stream/node_modules/llm-anywhere -> this
#      repository, so the harness's cold-import child can `import("llm-anywhere")`
#      (the adapter itself resolves the package through its self-reference);
#   3. runs the bulk scenario, then the tools scenario (tool-call arguments come back
#      through response.toolCalls(), re-encoded with JSON.stringify).
# Results: .bench/stream/results/llm-anywhere-<scenario>.{json,md} and stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench/stream}"
HARNESS="$ROOT/.bench/stream"
N="${N:-100000}"
REPS="${REPS:-3}"
ADAPTERS="${ADAPTERS:-raw-split,llm-anywhere,openai-v7,ai-v7-openai}"
SCENARIOS="${SCENARIOS:-bulk,tools}"
TOOL_FRAGS="${TOOL_FRAGS:-4000}"
TOOL_N="${TOOL_N:-1000}"

mkdir -p "$HARNESS"
# Copy the harness (not node_modules, not the shared results).
for item in bench.mjs server.mjs package.json package-lock.json lib adapters README.md; do
  rm -rf "${HARNESS:?}/$item"
  cp -r "$SHARED/$item" "$HARNESS/$item"
done
mkdir -p "$HARNESS/results"
if [ ! -d "$HARNESS/node_modules" ] || ! cmp -s "$HARNESS/package-lock.json" "$HARNESS/node_modules/.package-lock.json.copied"; then
  (cd "$HARNESS" && npm ci --no-audit --no-fund)
  cp "$HARNESS/package-lock.json" "$HARNESS/node_modules/.package-lock.json.copied"
fi

(cd "$ROOT" && npm run build >/dev/null)
ln -sfn "$ROOT" "$HARNESS/node_modules/llm-anywhere"

cd "$HARNESS"
IFS=, read -r -a scenarios <<<"$SCENARIOS"
for scenario in "${scenarios[@]}"; do
  if [ "$scenario" = tools ]; then
    n="$TOOL_N"; extra=(--tool-frags "$TOOL_FRAGS")
  else
    n="$N"; extra=()
  fi
  echo "### $scenario" >&2
  node bench.mjs --adapter-dir "$ROOT/test/bench/adapters" --adapters "$ADAPTERS" \
    --scenario "$scenario" --n "$n" --reps "$REPS" "${extra[@]}" \
    --out "results/llm-anywhere-$scenario.json"
done
