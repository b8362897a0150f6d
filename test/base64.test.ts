import { describe, expect, it } from "vitest";
import { toBase64 } from "../src/base64.ts";

/** Decoding with the platform's own `atob`, independent of the encoder under test. */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

describe("toBase64", () => {
  it("encodes every length's padding as the standard alphabet does", () => {
    const all = Uint8Array.from({ length: 256 }, (_, index) => index);
    for (let length = 0; length <= 256; length++) {
      const bytes = all.subarray(256 - length);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    }
    expect(toBase64(new TextEncoder().encode("Man"))).toBe("TWFu");
    expect(toBase64(new TextEncoder().encode("Ma"))).toBe("TWE=");
    expect(toBase64(new TextEncoder().encode("M"))).toBe("TQ==");
    expect(toBase64(new Uint8Array([0xfb, 0xff]))).toBe("+/8=");
  });

  it("encodes a view into a larger buffer (only the view's bytes)", () => {
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect(toBase64(buffer.subarray(2, 5))).toBe(Buffer.from([3, 4, 5]).toString("base64"));
  });

  it("uses the runtime's own Uint8Array.prototype.toBase64 where it exists", () => {
    const bytes = new Uint8Array([1, 2, 3]) as Uint8Array & { toBase64?: () => string };
    bytes.toBase64 = function (this: Uint8Array) {
      return `native:${this.length}`;
    };
    expect(toBase64(bytes)).toBe("native:3");
  });

  it("round-trips 5 MB of random bytes, fast", () => {
    const size = 5 * 1024 * 1024;
    const bytes = new Uint8Array(size);
    for (let offset = 0; offset < size; offset += 65536) crypto.getRandomValues(bytes.subarray(offset, offset + 65536));
    toBase64(bytes.subarray(0, 3000)); // warm up
    const started = performance.now();
    const encoded = toBase64(bytes);
    const elapsed = performance.now() - started;
    console.log(`base64 of 5 MB: ${elapsed.toFixed(1)} ms`);
    expect(encoded.length).toBe(Math.ceil(size / 3) * 4);
    expect(encoded === Buffer.from(bytes).toString("base64")).toBe(true);
    // Deep equality of 5 MB arrays is slow in expect(): compare as one buffer.
    expect(Buffer.compare(fromBase64(encoded), bytes)).toBe(0);
    // A generous bound (CI machines vary); typical is 50-100 ms on Node 20.
    expect(elapsed).toBeLessThan(1500);
  });
});
