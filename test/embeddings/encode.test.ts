import { describe, expect, it } from "vitest";
import * as llm from "../../src/index.ts";
import { decodeFloat32 } from "../../src/embeddings/encode.ts";
import { random } from "../helpers/replay-fetch.ts";

/** Python's struct.pack("<" + "f" * n, *values), written out with a DataView. */
function pythonPack(values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return bytes;
}

describe("encode / decode", () => {
  it("packs little-endian float32, byte for byte as the Python library", () => {
    expect([...llm.encode([0.5, -1])]).toEqual([0, 0, 0, 0x3f, 0, 0, 0x80, 0xbf]);
    expect(llm.encode([1.5, -2.25, 0, 3.4e38])).toBeInstanceOf(Uint8Array);
    const values = [0.1, -0.2, 1e-8, 123456.789, -0, Number.MAX_VALUE, Infinity, -Infinity];
    expect([...llm.encode(values)]).toEqual([...pythonPack(values)]);
    // Python's llm.encode([0.1, 0.2]) is b'\xcd\xcc\xcc=\xcd\xccL>'.
    expect([...llm.encode([0.1, 0.2])]).toEqual([0xcd, 0xcc, 0xcc, 0x3d, 0xcd, 0xcc, 0x4c, 0x3e]);
  });

  it("round-trips float32 values exactly, and other numbers to their float32 rounding", () => {
    const next = random(7);
    const values = Array.from({ length: 1536 }, () => (next() - 0.5) * 2);
    const decoded = llm.decode(llm.encode(values));
    expect(decoded).toHaveLength(1536);
    expect(decoded).toEqual(values.map((value) => Math.fround(value)));
    // float32 values survive twice.
    expect(llm.decode(llm.encode(decoded))).toEqual(decoded);
    expect(llm.decode(llm.encode(new Float32Array([1, 2, 3])))).toEqual([1, 2, 3]);
    expect(Number.isNaN(llm.decode(llm.encode([NaN]))[0])).toBe(true);
    expect(llm.decode(new Uint8Array())).toEqual([]);
  });

  it("decodes bytes at any offset and from an ArrayBuffer", () => {
    const packed = pythonPack([1.25, -7.5, 3]);
    const shifted = new Uint8Array(packed.length + 3);
    shifted.set(packed, 3);
    expect(llm.decode(shifted.subarray(3))).toEqual([1.25, -7.5, 3]);
    expect(llm.decode(packed.buffer as ArrayBuffer)).toEqual([1.25, -7.5, 3]);
    expect(decodeFloat32(shifted.subarray(3))).toEqual(new Float32Array([1.25, -7.5, 3]));
  });

  it("rejects a byte length that is not a multiple of 4", () => {
    expect(() => llm.decode(new Uint8Array(6))).toThrow("multiple of 4 bytes long (float32); got 6 bytes");
  });
});
