/**
 * JSON as Python's `json.dumps` writes it, so that what models are told (and
 * what echo answers) matches the Python library byte for byte: `", "` and
 * `": "` between items (or `indent`), and non-ASCII escaped as `\uXXXX`.
 * `undefined` (Python has no such value) is written as `null`.
 */
export function pythonJson(value: unknown, indent?: number): string {
  const json = JSON.stringify(value ?? null, null, indent);
  const spaced =
    indent === undefined ? json.replace(/"(?:[^"\\]|\\.)*"|[,:]/g, (token) => (token === "," ? ", " : token === ":" ? ": " : token)) : json;
  return spaced.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
