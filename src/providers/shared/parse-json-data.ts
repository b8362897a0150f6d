import { StreamError } from "../../errors.ts";

/** A parsed JSON object from a provider. */
export type Json = Record<string, any>;

/**
 * One event's data (or a whole answer's body) as a JSON object; anything else
 * is a malformed stream: text cut off, or a server that does not speak `api`.
 * `onErrorText` turns the text of an `event: error` that is not JSON into the
 * provider's own error instead.
 */
export function parseJsonData(data: string, api: string, onErrorText?: () => Error): Json {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    if (onErrorText) throw onErrorText();
    throw new StreamError(
      `The ${api} response has data that is not JSON (${excerpt(data)}): it was cut off, or the server does not speak the ${api}; retry, or check the base URL.`,
      { reason: "malformed", data },
      { cause },
    );
  }
  if (!isRecord(value)) {
    throw new StreamError(`The ${api} response has data that is not a JSON object (${excerpt(data)}): check the base URL.`, { reason: "malformed", data: value });
  }
  return value;
}

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The start of a text, quoted, for an error message. */
export function excerpt(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}...` : text);
}
