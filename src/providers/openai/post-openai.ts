import { postJson, type ProviderCall } from "../shared/post-json.ts";

/**
 * POSTs `body` to `<base>/<path>` of the OpenAI API (or a compatible
 * server): the base is the model's `apiBase`, else `OPENAI_BASE_URL`, else
 * api.openai.com; the key goes as a bearer token. Shared by chat
 * completions, the Responses API and embeddings.
 */
export function postOpenAI(
  call: ProviderCall,
  config: { apiBase?: string | undefined; headers?: Readonly<Record<string, string>> | undefined },
  path: string,
  body: unknown,
  stream = false,
): Promise<Response> {
  const base = config.apiBase || call.env.OPENAI_BASE_URL || "https://api.openai.com/v1";
  return postJson({
    url: `${base.replace(/\/+$/, "")}/${path}`,
    body,
    headers: {
      accept: stream ? "text/event-stream" : "application/json",
      ...config.headers,
      ...(call.key ? { authorization: `Bearer ${call.key}` } : {}),
    },
    fetch: call.fetch,
    signal: call.signal,
  });
}
