import { describe, expect, it } from "vitest";
import { convertGeminiMessages } from "../../../src/providers/gemini/index.ts";
import type { AttachmentSource, Message, ToolCallPart } from "../../../src/spec/message.ts";

const attachment = (type: string, data: string): AttachmentSource => ({
  type,
  bytes: async () => new TextEncoder().encode(data),
  base64: async () => btoa(data),
  id: async () => "id",
});

describe("convertGeminiMessages", () => {
  it("uses the last system prompt, merges consecutive turns of one role, skips reasoning and empty turns", async () => {
    const messages: Message[] = [
      { role: "system", parts: [{ type: "text", text: "Old." }] },
      { role: "user", parts: [{ type: "text", text: "One" }] },
      { role: "assistant", parts: [{ type: "reasoning", text: "thinking" }, { type: "text", text: "Uno" }] },
      { role: "assistant", parts: [{ type: "reasoning", text: "only thinking" }] },
      { role: "system", parts: [{ type: "text", text: "New." }] },
      { role: "user", parts: [{ type: "text", text: "Two" }, { type: "attachment", attachment: attachment("application/ogg", "ogg") }] },
    ];
    expect(await convertGeminiMessages(messages)).toEqual({
      systemInstruction: { parts: [{ text: "New." }] },
      contents: [
        { role: "user", parts: [{ text: "One" }] },
        { role: "model", parts: [{ text: "Uno" }] },
        { role: "user", parts: [{ text: "Two" }, { inlineData: { mimeType: "audio/ogg", data: btoa("ogg") } }] },
      ],
    });
  });

  it("sends a tool call's own signature back, the fallback only on a turn's first unsigned call, and results before the next prompt", async () => {
    const signed = { type: "tool-call", toolCallId: "tc_1", name: "a", arguments: { x: 1 }, providerMetadata: { gemini: { thoughtSignature: "sig-a" } } } as ToolCallPart;
    const messages: Message[] = [
      { role: "user", parts: [{ type: "text", text: "Go" }] },
      { role: "assistant", parts: [signed, { type: "tool-call", toolCallId: "tc_2", name: "b", arguments: {} }] },
      {
        role: "tool",
        parts: [
          { type: "tool-result", toolCallId: "tc_1", name: "a", output: "1" },
          { type: "tool-result", toolCallId: "tc_2", name: "b", output: "2" },
        ],
      },
      { role: "user", parts: [{ type: "text", text: "And?" }] },
      { role: "assistant", parts: [{ type: "text", text: "Let me check." }, { type: "tool-call", toolCallId: "tc_3", name: "c", arguments: {} }] },
    ];
    const { contents } = await convertGeminiMessages(messages, { signatureFallback: "skip_thought_signature_validator" });
    expect(contents).toEqual([
      { role: "user", parts: [{ text: "Go" }] },
      {
        role: "model",
        parts: [{ functionCall: { name: "a", args: { x: 1 } }, thoughtSignature: "sig-a" }, { functionCall: { name: "b", args: {} } }],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "a", response: { output: "1" } } },
          { functionResponse: { name: "b", response: { output: "2" } } },
          { text: "And?" },
        ],
      },
      {
        role: "model",
        parts: [{ text: "Let me check." }, { functionCall: { name: "c", args: {} }, thoughtSignature: "skip_thought_signature_validator" }],
      },
    ]);
    // Without a fallback (models before Gemini 3), an unsigned call goes as it is.
    const plain = await convertGeminiMessages(messages.slice(4));
    expect(plain.contents[0]!.parts[1]).toEqual({ functionCall: { name: "c", args: {} } });
  });
});
