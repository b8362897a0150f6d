import type { AttachmentSource, Message, Part, ToolCallPart } from "../../spec/message.ts";

/** One part of a Gemini `Content`, as sent. */
export type GeminiPart =
  | { text: string }
  | { inlineData: { mimeType: string; data: string } }
  | { functionCall: { name: string; args: Record<string, unknown> }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: { output: string } } };

export interface GeminiContent {
  role: "user" | "model";
  parts: GeminiPart[];
}

export interface ConvertedMessages {
  systemInstruction?: { parts: Array<{ text: string }> } | undefined;
  contents: GeminiContent[];
}

export interface ConvertSettings {
  /**
   * Sent as the `thoughtSignature` of a model turn's first function call
   * when no signature is known for it (history from another model, or a
   * signature the SDK did not keep). Gemini 3 rejects such a turn without
   * one; Google documents `skip_thought_signature_validator` for this case.
   */
  signatureFallback?: string | undefined;
}

/**
 * Messages to `systemInstruction` and `contents`: the last system prompt is
 * the system instruction; user turns are `user` contents (text first, then
 * attachments as `inlineData`); assistant turns are `model` contents (text,
 * then `functionCall` parts carrying their `thoughtSignature` back); tool
 * results are `functionResponse` parts `{name, response: {output}}` in a
 * `user` content. Consecutive contents of one role are merged (a chain's
 * tool results and the next prompt travel together). Reasoning is not sent:
 * Gemini keeps its thinking in the signatures.
 */
export async function convertMessages(messages: readonly Message[], settings: ConvertSettings = {}): Promise<ConvertedMessages> {
  let system: string | undefined;
  const contents: GeminiContent[] = [];
  const push = (role: GeminiContent["role"], parts: GeminiPart[]): void => {
    if (!parts.length) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const { role, parts } of messages) {
    if (role === "system") {
      const text = joinText(parts);
      if (text) system = text;
    } else if (role === "assistant") {
      push("model", convertAssistant(parts, settings));
    } else {
      const converted: GeminiPart[] = [];
      // Tool results first: they answer the previous model turn.
      for (const part of parts) {
        if (part.type === "tool-result") converted.push({ functionResponse: { name: part.name, response: { output: part.output } } });
      }
      const text = joinText(parts);
      if (text) converted.push({ text });
      for (const part of parts) if (part.type === "attachment") converted.push(await convertAttachment(part.attachment));
      push("user", converted);
    }
  }
  return { ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}), contents };
}

function convertAssistant(parts: readonly Part[], settings: ConvertSettings): GeminiPart[] {
  const converted: GeminiPart[] = [];
  const text = joinText(parts, "");
  if (text) converted.push({ text });
  let first = true;
  for (const part of parts) {
    if (part.type !== "tool-call") continue;
    const signature = thoughtSignatureOf(part) ?? (first ? settings.signatureFallback : undefined);
    converted.push({ functionCall: { name: part.name, args: part.arguments ?? {} }, ...(signature ? { thoughtSignature: signature } : {}) });
    first = false;
  }
  return converted;
}

/**
 * The signature kept with a tool call, under `providerMetadata.gemini`
 * (read structurally: the spec's `ToolCallPart` does not declare it yet).
 */
export function thoughtSignatureOf(part: ToolCallPart): string | undefined {
  const metadata = (part as { providerMetadata?: { gemini?: { thoughtSignature?: unknown } } }).providerMetadata;
  const signature = metadata?.gemini?.thoughtSignature;
  return typeof signature === "string" && signature ? signature : undefined;
}

/** Bytes as base64 (a URL is downloaded: Gemini's `fileData` takes only its own file URIs). */
async function convertAttachment(attachment: AttachmentSource): Promise<GeminiPart> {
  return { inlineData: { mimeType: geminiMimeType(attachment.type), data: await attachment.base64() } };
}

/** The names Gemini wants (as the llm-gemini plugin): `audio/mpeg` is `audio/mp3`, `application/ogg` is `audio/ogg`. */
export function geminiMimeType(type: string): string {
  if (type === "audio/mpeg") return "audio/mp3";
  if (type === "application/ogg") return "audio/ogg";
  return type;
}

function joinText(parts: readonly Part[], separator = "\n"): string {
  let text: string | undefined;
  for (const part of parts) {
    if (part.type === "text") text = text === undefined ? part.text : text + separator + part.text;
  }
  return text ?? "";
}
