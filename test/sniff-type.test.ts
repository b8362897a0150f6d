import { describe, expect, it } from "vitest";
import { sniffType } from "../src/sniff-type.ts";
import { typeFromName } from "../src/type-from-name.ts";
import * as sample from "./helpers/sample-files.ts";

describe("sniffType", () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ["PNG", sample.png(), "image/png"],
    ["JPEG", sample.jpeg(), "image/jpeg"],
    ["GIF", sample.gif(), "image/gif"],
    ["WebP", sample.webp(), "image/webp"],
    ["BMP", sample.bmp(), "image/bmp"],
    ["TIFF (little-endian)", sample.tiff("II"), "image/tiff"],
    ["TIFF (big-endian)", sample.tiff("MM"), "image/tiff"],
    ["AVIF", sample.isoMedia("avif"), "image/avif"],
    ["HEIC", sample.isoMedia("heic"), "image/heic"],
    ["HEIF", sample.isoMedia("mif1"), "image/heif"],
    ["PDF", sample.pdf(), "application/pdf"],
    ["WAV (as audio/wav, never audio/wave)", sample.wav(), "audio/wav"],
    ["MP3 with an ID3 tag", sample.mp3WithId3(), "audio/mpeg"],
    ["MP3 starting with a frame", sample.mp3Frame(), "audio/mpeg"],
    ["AAC (ADTS)", sample.aacAdts(), "audio/aac"],
    ["M4A", sample.isoMedia("M4A "), "audio/mp4"],
    ["MP4", sample.isoMedia("isom"), "video/mp4"],
    ["MP4 (mp42)", sample.isoMedia("mp42"), "video/mp4"],
    ["QuickTime", sample.isoMedia("qt  "), "video/quicktime"],
    ["3GP", sample.isoMedia("3gp5"), "video/3gpp"],
    ["OGG (Opus)", sample.ogg("OpusHead"), "audio/ogg"],
    ["OGG (Vorbis)", sample.ogg("\x01vorbis"), "audio/ogg"],
    ["OGG (Theora)", sample.ogg("\x80theora"), "video/ogg"],
    ["FLAC", sample.flac(), "audio/flac"],
    ["AIFF", sample.aiff(), "audio/aiff"],
    ["MIDI", sample.midi(), "audio/midi"],
    ["WebM", sample.ebml("webm"), "video/webm"],
    ["Matroska", sample.ebml("matroska"), "video/x-matroska"],
    ["AVI", sample.avi(), "video/x-msvideo"],
  ];

  it.each(cases)("%s", (_, bytes, type) => {
    expect(sniffType(bytes)).toBe(type);
  });

  it("knows nothing of text, empty or very short input", () => {
    expect(sniffType(new TextEncoder().encode("hello, world"))).toBeUndefined();
    expect(sniffType(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeUndefined();
    expect(sniffType(new Uint8Array())).toBeUndefined();
    expect(sniffType(new Uint8Array([0xff]))).toBeUndefined();
    expect(sniffType(new Uint8Array([0x89, 0x50]))).toBeUndefined();
    expect(sniffType(new TextEncoder().encode("RIFF"))).toBeUndefined();
  });

  it("reads only the first bytes: a long file costs the same", () => {
    const big = new Uint8Array(10_000_000);
    big.set(sample.png());
    const started = performance.now();
    expect(sniffType(big)).toBe("image/png");
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe("typeFromName", () => {
  it("maps extensions, whatever their case, ignoring a URL's query and fragment", () => {
    expect(typeFromName("pelican.jpg")).toBe("image/jpeg");
    expect(typeFromName("/tmp/PELICAN.JPEG")).toBe("image/jpeg");
    expect(typeFromName("https://example.com/a/b/pelican.png?size=2#top")).toBe("image/png");
    expect(typeFromName("https://example.com/talk.mp3")).toBe("audio/mpeg");
    expect(typeFromName("voice.wav")).toBe("audio/wav");
    expect(typeFromName("voice.m4a")).toBe("audio/mp4");
    expect(typeFromName("paper.pdf")).toBe("application/pdf");
    expect(typeFromName("clip.webm")).toBe("video/webm");
  });

  it("gives undefined for no or an unknown extension", () => {
    expect(typeFromName("https://example.com/image")).toBeUndefined();
    expect(typeFromName("https://example.com/image.php?id=3")).toBeUndefined();
    expect(typeFromName("https://example.com/dir.png/file")).toBeUndefined();
    expect(typeFromName("archive.tar.zst")).toBeUndefined();
    expect(typeFromName("noextension")).toBeUndefined();
    expect(typeFromName("x.constructor")).toBeUndefined();
    expect(typeFromName("")).toBeUndefined();
  });
});
