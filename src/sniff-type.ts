/**
 * The MIME type of a file from its first bytes ("magic numbers"), for the
 * formats models take: images, audio, video and PDF. `undefined` when the
 * bytes match none of them. 64 bytes are enough for every check here.
 */
export function sniffType(bytes: Uint8Array): string | undefined {
  const ascii = (offset: number, text: string) => {
    for (let index = 0; index < text.length; index++) {
      if (bytes[offset + index] !== text.charCodeAt(index)) return false;
    }
    return true;
  };
  const has = (text: string) => latin1(bytes.subarray(0, 64)).includes(text);
  const [b0, b1, b2, b3] = bytes;
  if (ascii(0, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (b0 === 0xff && b1 === 0xd8 && b2 === 0xff) return "image/jpeg";
  if (ascii(0, "GIF87a") || ascii(0, "GIF89a")) return "image/gif";
  if (ascii(0, "RIFF")) {
    if (ascii(8, "WEBP")) return "image/webp";
    if (ascii(8, "WAVE")) return "audio/wav";
    if (ascii(8, "AVI ")) return "video/x-msvideo";
  }
  if (ascii(0, "FORM") && (ascii(8, "AIFF") || ascii(8, "AIFC"))) return "audio/aiff";
  if (ascii(0, "%PDF-")) return "application/pdf";
  if (ascii(0, "ID3")) return "audio/mpeg";
  if (ascii(4, "ftyp")) return isoType(latin1(bytes.subarray(8, 12)));
  if (ascii(0, "OggS")) return has("\x80theora") ? "video/ogg" : "audio/ogg";
  if (ascii(0, "fLaC")) return "audio/flac";
  if (b0 === 0x1a && b1 === 0x45 && b2 === 0xdf && b3 === 0xa3) return has("webm") ? "video/webm" : "video/x-matroska";
  if (ascii(0, "II*\0") || ascii(0, "MM\0*")) return "image/tiff";
  if (ascii(0, "BM") && bytes[6] === 0 && bytes[7] === 0 && bytes[8] === 0 && bytes[9] === 0) return "image/bmp";
  if (ascii(0, "MThd")) return "audio/midi";
  // MPEG audio frame sync: 11 set bits. Layer bits 00 are AAC's ADTS; anything else is MP1/2/3.
  if (b0 === 0xff && b1 !== undefined && (b1 & 0xe0) === 0xe0) return (b1 & 0x06) === 0 ? "audio/aac" : "audio/mpeg";
  return undefined;
}

/** ISO base media files (MP4 and relatives) by their major brand. */
function isoType(brand: string): string {
  if (brand === "M4A " || brand === "M4B ") return "audio/mp4";
  if (brand === "qt  ") return "video/quicktime";
  if (brand === "avif" || brand === "avis") return "image/avif";
  if (/^(heic|heix|heim|heis|hevc|hevx)$/.test(brand)) return "image/heic";
  if (brand === "mif1" || brand === "msf1") return "image/heif";
  if (brand.startsWith("3g2")) return "video/3gpp2";
  if (brand.startsWith("3gp")) return "video/3gpp";
  return "video/mp4";
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
