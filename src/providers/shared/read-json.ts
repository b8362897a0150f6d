import { parseJsonData, type Json } from "./parse-json-data.ts";
import { readFailure } from "./parse-sse.ts";

/**
 * A whole JSON answer (embeddings, say) as an object. A connection that
 * breaks while reading is a retryable `StreamError` (an abort rethrows the
 * signal's reason); a body that is not a JSON object is a malformed one,
 * named after `api`.
 */
export async function readJson(response: Response, api: string, signal: AbortSignal | undefined): Promise<Json> {
  const text = await response.text().catch((cause: unknown) => {
    throw readFailure(cause, signal);
  });
  return parseJsonData(text, api);
}
