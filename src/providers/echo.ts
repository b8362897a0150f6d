import { boolean, optionsSchema } from "../option-schema.ts";
import { textOf } from "../prompt-text.ts";
import { pythonJson } from "../python-json.ts";
import type { Message } from "../spec/message.ts";
import type { ModelAdapter, ModelCall } from "../spec/model-adapter.ts";
import type { StreamPart } from "../spec/stream-part.ts";
import type { Register } from "../registry.ts";

export interface EchoOptions {
  /** An option that does nothing but show up in the answer. */
  example_bool?: boolean | null | undefined;
}

/**
 * `echo`, a test model that needs no key and answers with a JSON document of
 * what it was asked, as the Python `llm-echo` plugin does. A prompt that is
 * a JSON object may set `prompt`, request `tool_calls` (`[{ name, arguments }]`)
 * or give `raw`, the exact text to answer with.
 */
export const echoModel: ModelAdapter<EchoOptions> = {
  modelId: "echo",
  provider: "Echo",
  canStream: true,
  supportsTools: true,
  // Unlike llm-echo, echo takes a schema (and ignores it), so schema prompts and
  // `response.object()` can be tried without a key: answer with `{"raw": "<JSON>"}`.
  supportsSchema: true,
  attachmentTypes: new Set(["image/png", "image/jpeg", "image/gif"]),
  optionsSchema: optionsSchema({ example_bool: boolean() }),
  async execute(call) {
    call.signal?.throwIfAborted();
    const parts = await answer(call);
    return new ReadableStream<StreamPart>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
  },
};

/** The plugin that registers `echo`. */
export function registerEcho(register: Register): void {
  register(echoModel);
}

async function answer(call: ModelCall<EchoOptions>): Promise<StreamPart[]> {
  const turns = splitTurns(call.messages);
  const current = turns.pop() ?? [];
  let prompt = textOf(current, "user");
  const parts: StreamPart[] = [{ type: "response-metadata", model: "echo" }];
  let asked: Record<string, any> | undefined;
  try {
    asked = prompt.trim().startsWith("{") ? JSON.parse(prompt) : undefined;
  } catch {
    // Not JSON: an ordinary prompt.
  }
  if (asked) {
    prompt = typeof asked.prompt === "string" ? asked.prompt : "";
    for (const toolCall of Array.isArray(asked.tool_calls) ? asked.tool_calls : []) {
      parts.push({ type: "tool-call", name: String(toolCall?.name), arguments: toolCall?.arguments ?? {} });
    }
  }
  let text = asked?.raw;
  if (typeof text !== "string") {
    const attachments: Array<Promise<unknown>> = [];
    const toolResults: unknown[] = [];
    for (const part of current.flatMap((message) => message.parts)) {
      const { type } = part;
      if (type === "attachment") {
        const { attachment } = part;
        attachments.push(attachment.id().then((id) => ({ type: attachment.type, path: attachment.path ?? null, url: attachment.url ?? null, id })));
      } else if (type === "tool-result") toolResults.push({ name: part.name, output: part.output, tool_call_id: part.toolCallId });
    }
    const info: Record<string, unknown> = {
      prompt,
      system: textOf(current, "system"),
      attachments: await Promise.all(attachments),
      stream: call.stream,
      previous: turns.map((turn) => ({ prompt: textOf(turn, "user") })),
    };
    const options = Object.fromEntries(Object.entries(call.options).filter(([, value]) => value != null));
    if (Object.keys(options).length) info.options = options;
    if (toolResults.length) info.tool_results = toolResults;
    text = pythonJson(info, 2);
  }
  parts.splice(1, 0, { type: "text-delta", text });
  return parts;
}

/** A new turn starts at every message that is not the model's and follows one of the model's. */
function splitTurns(messages: readonly Message[]): Message[][] {
  const turns: Message[][] = [];
  let previousRole: string | undefined;
  for (const message of messages) {
    if (!turns.length || (message.role !== "assistant" && previousRole === "assistant")) turns.push([]);
    turns[turns.length - 1]!.push(message);
    previousRole = message.role;
  }
  return turns.filter((turn) => turn.some((message) => message.role !== "assistant"));
}
