/**
 * Tiny files of each format attachments are sniffed for, built here byte by
 * byte from the formats' specifications (no binary samples in the repo).
 * PNG, GIF, BMP, WAV and the PDF are complete, valid files; the others carry
 * a correct header or container structure, which is what sniffing reads.
 */
import { deflateSync } from "node:zlib";

/** Bytes over a plain ArrayBuffer (what Blob and Response take). */
export type Bytes = Uint8Array<ArrayBuffer>;

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const u32be = (value: number) => [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
const u32le = (value: number) => [value & 255, (value >>> 8) & 255, (value >>> 16) & 255, (value >>> 24) & 255];
const u16le = (value: number) => [value & 255, (value >>> 8) & 255];
const bytes = (...parts: Array<number[] | Uint8Array>): Bytes => new Uint8Array(parts.flatMap((part) => [...part]));

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: number[]): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 255]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: number[]): number[] {
  const body = [...ascii(type), ...data];
  return [...u32be(data.length), ...body, ...u32be(crc32(body))];
}

/** A valid 1x1 red PNG. */
export function png(): Bytes {
  const header = [...u32be(1), ...u32be(1), 8, 2, 0, 0, 0]; // 1x1, 8 bits, RGB
  const pixels = [...deflateSync(new Uint8Array([0, 255, 0, 0]))];
  return bytes([0x89, ...ascii("PNG\r\n"), 0x1a, 0x0a], pngChunk("IHDR", header), pngChunk("IDAT", pixels), pngChunk("IEND", []));
}

/** A valid 1x1 GIF89a (one black pixel). */
export function gif(): Bytes {
  return bytes(
    ascii("GIF89a"),
    [1, 0, 1, 0, 0x80, 0, 0], // 1x1, global colour table of 2
    [0, 0, 0, 255, 255, 255],
    [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0], // image descriptor
    [2, 2, 0x44, 0x01, 0], // LZW minimum code size 2, one sub-block
    [0x3b],
  );
}

/** JPEG: start of image, a JFIF APP0 segment, end of image. */
export function jpeg(): Bytes {
  return bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], ascii("JFIF\0"), [1, 1, 0, 0, 1, 0, 1, 0, 0], [0xff, 0xd9]);
}

/** A RIFF file of the given form type with one chunk. */
function riff(form: string, chunk: string, data: number[]): Bytes {
  const body = [...ascii(form), ...ascii(chunk), ...u32le(data.length), ...data];
  return bytes(ascii("RIFF"), u32le(body.length), body);
}

/** WebP: a RIFF WEBP with a VP8L (lossless) chunk header. */
export function webp(): Bytes {
  return riff("WEBP", "VP8L", [0x2f, 0, 0, 0, 0]);
}

/** A valid WAV: PCM, mono, 8 kHz, 16 bits, 4 samples of silence. */
export function wav(): Bytes {
  const format = [...u16le(1), ...u16le(1), ...u32le(8000), ...u32le(16000), ...u16le(2), ...u16le(16)];
  const body = [...ascii("WAVE"), ...ascii("fmt "), ...u32le(16), ...format, ...ascii("data"), ...u32le(8), 0, 0, 0, 0, 0, 0, 0, 0];
  return bytes(ascii("RIFF"), u32le(body.length), body);
}

/** AVI: a RIFF "AVI " with an empty list. */
export function avi(): Bytes {
  return riff("AVI ", "LIST", [...ascii("hdrl")]);
}

/** A valid one-page PDF. */
export function pdf(): Bytes {
  const objects = [
    "1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n",
    "2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n",
    "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 72 72]>> endobj\n",
  ];
  let text = "%PDF-1.4\n";
  const offsets = objects.map((object) => {
    const offset = text.length;
    text += object;
    return offset;
  });
  const xref = text.length;
  text += `xref\n0 4\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  text += `trailer <</Size 4 /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(text);
}

/** MP3 with an ID3v2.4 tag (one TIT2 frame) before the first frame. */
export function mp3WithId3(): Bytes {
  const frame = [...ascii("TIT2"), ...u32be(4), 0, 0, 3, ...ascii("abc")];
  return bytes(ascii("ID3"), [4, 0, 0, 0, 0, 0, frame.length], frame, mp3Frame());
}

/** An MPEG-1 Layer III frame: 128 kbit/s, 44.1 kHz, 417 bytes. */
export function mp3Frame(): Bytes {
  return bytes([0xff, 0xfb, 0x90, 0x64], new Array(413).fill(0));
}

/** AAC in ADTS framing (sync word, layer 00). */
export function aacAdts(): Bytes {
  return bytes([0xff, 0xf1, 0x50, 0x80, 0x01, 0x7f, 0xfc], new Array(4).fill(0));
}

/** An ISO base media file: an `ftyp` box with the given major brand, then an empty `mdat`. */
export function isoMedia(brand: string): Bytes {
  const compatible = [...ascii("isom"), ...ascii(brand)];
  const ftyp = [...ascii("ftyp"), ...ascii(brand), ...u32be(0x200), ...compatible];
  return bytes(u32be(ftyp.length + 4), ftyp, u32be(8), ascii("mdat"));
}

/** An Ogg page whose first packet starts with `packet` (e.g. "OpusHead", "\x80theora"). */
export function ogg(packet: string): Bytes {
  const data = [...ascii(packet), ...new Array(11).fill(0)];
  return bytes(ascii("OggS"), [0, 2], new Array(8).fill(0), u32le(1), u32le(0), u32le(0), [1, data.length], data);
}

/** FLAC: the marker and a last STREAMINFO block (34 bytes). */
export function flac(): Bytes {
  return bytes(ascii("fLaC"), [0x80, 0, 0, 34], [0x10, 0, 0x10, 0], new Array(30).fill(0));
}

/** An EBML header (WebM or Matroska by its DocType). */
export function ebml(docType: "webm" | "matroska"): Bytes {
  const body = [0x42, 0x86, 0x81, 1, 0x42, 0xf7, 0x81, 1, 0x42, 0x82, 0x80 | docType.length, ...ascii(docType)];
  return bytes([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length], body);
}

/** A valid 1x1 24-bit BMP. */
export function bmp(): Bytes {
  const info = [...u32le(40), ...u32le(1), ...u32le(1), ...u16le(1), ...u16le(24), ...u32le(0), ...u32le(4), ...new Array(16).fill(0)];
  const pixels = [0, 0, 255, 0];
  return bytes(ascii("BM"), u32le(14 + info.length + pixels.length), u32le(0), u32le(14 + info.length), info, pixels);
}

/** TIFF headers, little- and big-endian. */
export function tiff(order: "II" | "MM"): Bytes {
  return order === "II" ? bytes(ascii("II"), [42, 0], u32le(8)) : bytes(ascii("MM"), [0, 42], u32be(8));
}

/** AIFF: a FORM with form type AIFF and a COMM chunk header. */
export function aiff(): Bytes {
  return bytes(ascii("FORM"), u32be(4 + 8 + 18), ascii("AIFF"), ascii("COMM"), u32be(18), new Array(18).fill(0));
}

/** MIDI: a header chunk. */
export function midi(): Bytes {
  return bytes(ascii("MThd"), u32be(6), [0, 0, 0, 1, 0, 96]);
}
