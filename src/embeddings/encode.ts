/**
 * Vectors as bytes, the way the Python library stores them: each number as a
 * little-endian IEEE 754 float32, one after the other (Python's
 * `struct.pack("<" + "f" * len(values), *values)`). A 1,536-dimension vector
 * is 6,144 bytes.
 */

/** `true` on little-endian hosts (all current ones): float32 bytes can then be read in place. */
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The vector as little-endian float32 bytes (values are rounded to float32).
 * @example llm.encode([0.5, -1]) // Uint8Array [0, 0, 0, 63, 0, 0, 128, 191]
 */
export function encode(values: ArrayLike<number>): Uint8Array {
  const floats = Float32Array.from(values as ArrayLike<number>);
  if (littleEndian) return new Uint8Array(floats.buffer);
  const bytes = new Uint8Array(floats.length * 4);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < floats.length; index++) view.setFloat32(index * 4, floats[index]!, true);
  return bytes;
}

/**
 * The numbers in bytes written by `encode()` (or the Python library's
 * `llm.encode()`, or an `embeddings.embedding` blob).
 * @example llm.decode(llm.encode([0.5, -1])) // [0.5, -1]
 */
export function decode(bytes: Uint8Array | ArrayBuffer): number[] {
  return Array.from(decodeFloat32(bytes));
}

/** The same as `decode()`, as a `Float32Array` (without a copy where the bytes allow it). @internal */
export function decodeFloat32(input: Uint8Array | ArrayBuffer): Float32Array {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length % 4 !== 0) throw new RangeError(`Encoded vectors are a multiple of 4 bytes long (float32); got ${bytes.length} bytes.`);
  const length = bytes.length / 4;
  if (littleEndian) {
    // A Float32Array view needs a 4-byte aligned offset; copy only when the bytes are not aligned.
    if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, length);
    return new Float32Array(bytes.slice().buffer);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const floats = new Float32Array(length);
  for (let index = 0; index < length; index++) floats[index] = view.getFloat32(index * 4, true);
  return floats;
}
