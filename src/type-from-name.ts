/** Extensions to MIME types, for the formats models take. */
const types: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  avif: "image/avif",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  svg: "image/svg+xml",
  pdf: "application/pdf",
  wav: "audio/wav",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  aac: "audio/aac",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  opus: "audio/ogg",
  flac: "audio/flac",
  aif: "audio/aiff",
  aiff: "audio/aiff",
  weba: "audio/webm",
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  mpeg: "video/mpeg",
  mpg: "video/mpeg",
  avi: "video/x-msvideo",
  "3gp": "video/3gpp",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  html: "text/html",
  htm: "text/html",
  json: "application/json",
};

/**
 * The MIME type for a file name, path or URL, from its extension (the query
 * and fragment of a URL are ignored); `undefined` for an unknown extension.
 * @example typeFromName("https://example.com/pelican.JPG?size=2") // "image/jpeg"
 */
export function typeFromName(name: string): string | undefined {
  const match = /\.([a-z0-9]+)$/i.exec(name.replace(/[?#][^]*$/, ""));
  const extension = match?.[1]?.toLowerCase();
  return extension && Object.hasOwn(types, extension) ? types[extension] : undefined;
}
