// Deterministic OpenAI chat-completions SSE stream for the benchmark: the mock
// server sends it and the clients verify against it, so both sides share this file.
//
// Deltas are token-sized (~4 characters) and mix ASCII, 2-, 3- and 4-byte UTF-8,
// and characters JSON must escape (quote, backslash, newline, tab), so a client
// that mishandles a split UTF-8 sequence or an escape fails verification.
// Each event carries the fields the real API sends (~300 bytes per event).

const PIECES = [
  " the", " of", " and", " pel", "ican", " bird", "s", " is", " a", " to",
  " in", " that", " it", " with", " as", " on", " for", " was", " by", " at",
  " café", " naïve", " Straße", " über", " jalapeño", " résumé",
  " 日本", "語", " 中文", " 한국어", " Ελλάδα", " Россия", " ℃", " €5",
  " 😀", " 🦩", " 🚀🚀", " 𝄞",
  ' "quoted"', " back\\slash", "\n", "\n\n", "\t", " a/b", " <tag>", " 50%",
  ".", ",", ":", ";", "!", "?", " —", " (", ")", " '", "{", "}",
];

/** A small deterministic PRNG (xorshift32), so no seed ever depends on Math.random. */
function random(seed) {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** The n text deltas for a seed. */
export function textDeltas(n, seed = 1) {
  const next = random(seed);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = PIECES[Math.floor(next() * PIECES.length)];
  return out;
}

/** What a correct client returns: the deltas concatenated. */
export function expectedText(n, seed = 1) {
  return textDeltas(n, seed).join("");
}

const ID = "chatcmpl-Bench7x2KqLmN0pQrStUvWxYz123";
const CREATED = 1764400000;
const MODEL = "gpt-4o-mini-2024-07-18";

function chunk(delta, finishReason, index) {
  return {
    id: ID,
    object: "chat.completion.chunk",
    created: CREATED,
    model: MODEL,
    service_tier: "default",
    system_fingerprint: "fp_560af6e559",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    obfuscation: (index * 2654435761 >>> 0).toString(36).padEnd(8, "x").slice(0, 8),
  };
}

/**
 * The whole response body as one Buffer. `usage: true` adds the final usage
 * chunk that `stream_options.include_usage` asks for.
 */
export function ssePayload(n, seed = 1, { usage = true } = {}) {
  const parts = [];
  const event = (data) => parts.push(`data: ${JSON.stringify(data)}\n\n`);
  event(chunk({ role: "assistant", content: "", refusal: null }, null, 0));
  const deltas = textDeltas(n, seed);
  for (let i = 0; i < n; i++) event(chunk({ content: deltas[i] }, null, i + 1));
  event(chunk({}, "stop", n + 1));
  if (usage) {
    event({
      id: ID,
      object: "chat.completion.chunk",
      created: CREATED,
      model: MODEL,
      service_tier: "default",
      system_fingerprint: "fp_560af6e559",
      choices: [],
      usage: {
        prompt_tokens: 12,
        completion_tokens: n,
        total_tokens: n + 12,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      obfuscation: "u",
    });
  }
  parts.push("data: [DONE]\n\n");
  return Buffer.from(parts.join(""), "utf8");
}
