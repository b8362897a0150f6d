const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A lowercase, monotonic ULID: 10 characters of milliseconds then 16 of
 * randomness (Crockford base32), so ids sort by creation time, as the Python
 * library's tool-call, response and conversation ids do.
 */
export function ulid(now: number = Date.now()): string {
  if (now <= lastTime) {
    // Same millisecond (or a clock step back): increment the random part.
    now = lastTime;
    let i = lastRandom.length - 1;
    while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
    if (i >= 0) lastRandom[i]! += 1;
  } else {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    lastRandom = Array.from(bytes, (byte) => byte & 31);
    lastTime = now;
  }
  let time = "";
  for (let i = 0, t = now; i < 10; i++, t = Math.floor(t / 32)) time = alphabet[t % 32] + time;
  let random = "";
  for (const digit of lastRandom) random += alphabet[digit];
  return time + random;
}
