const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
let last = "";

/**
 * A lowercase, monotonic ULID: 10 characters of milliseconds then 16 of
 * randomness (Crockford base32), so ids sort by creation time, as the Python
 * library's tool-call, response and conversation ids do.
 */
export function ulid(now: number = Date.now()): string {
  let id = "";
  for (let i = 0, time = now; i < 10; i++, time = Math.floor(time / 32)) id = alphabet[time % 32] + id;
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) id += alphabet[byte & 31];
  // Never below the last id: within one millisecond (or after a clock step back), the last one plus one.
  return (last = id > last ? id : increment(last));
}

function increment(id: string): string {
  let index = id.length - 1;
  while (id[index] === "z") index--;
  return id.slice(0, index) + alphabet[alphabet.indexOf(id[index]!) + 1] + "0".repeat(id.length - 1 - index);
}
