import { describe, expect, it } from "vitest";
import { ulid } from "../src/ulid.ts";

describe("ulid", () => {
  it("is 26 lowercase Crockford base32 characters, time first", () => {
    const id = ulid(0x0123456789);
    expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    // 0x0123456789 = 4886718345 ms; in Crockford base32, 5 bits a digit, most significant first.
    const digits = "0123456789abcdefghjkmnpqrstvwxyz";
    let expected = "";
    for (let t = 4886718345n, i = 0; i < 10; i++, t >>= 5n) expected = digits[Number(t & 31n)] + expected;
    expect(expected).toBe("0004hmasw9");
    expect(id.slice(0, 10)).toBe(expected);
  });

  it("sorts by creation, even within one millisecond and when the clock steps back", () => {
    const now = Date.now() + 10_000;
    const ids = [ulid(now), ulid(now), ulid(now), ulid(now - 5), ulid(now + 1)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
