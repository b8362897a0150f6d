import { getEnv } from "../../configure.ts";
import { postJson, type ProviderCall } from "../shared/post-json.ts";

/**
 * POSTs `body` to `<base>/v1beta/models/<modelName>:<method>`: the base is
 * the model's `apiBase`, else `GEMINI_BASE_URL`, else Google's; the key goes
 * in `x-goog-api-key`, never in the URL, so it cannot reach an error
 * message. Shared by Gemini's chat and embedding models.
 */
export function postGemini(
  call: ProviderCall,
  config: { apiBase?: string | undefined; headers?: Readonly<Record<string, string>> | undefined },
  modelName: string,
  method: string,
  body: unknown,
  stream = false,
): Promise<Response> {
  const base = (config.apiBase || call.env.GEMINI_BASE_URL || "https://generativelanguage.googleapis.com").replace(/\/+$/, "");
  return postJson({
    url: `${base}/v1beta/models/${modelName}:${method}`,
    body,
    headers: {
      accept: stream ? "text/event-stream" : "application/json",
      ...config.headers,
      ...(call.key ? { "x-goog-api-key": call.key } : {}),
    },
    fetch: call.fetch,
    signal: call.signal,
  });
}

/**
 * The variable a Gemini key is read from, looked up when the key is
 * resolved: `LLM_GEMINI_KEY` (the llm-gemini plugin's) when only that one is
 * set, else `GEMINI_API_KEY`; a configured name wins.
 */
export function geminiKeyEnvVar(configured: string | undefined): string {
  if (configured) return configured;
  const env = getEnv();
  return !env.GEMINI_API_KEY && env.LLM_GEMINI_KEY ? "LLM_GEMINI_KEY" : "GEMINI_API_KEY";
}
