import type { ModelAdapter, ModelCall, StreamPart } from "../../src/index.ts";

export interface Script {
  /** Parts to emit, in order. */
  parts: StreamPart[];
  /** Error the stream with this after the parts instead of closing. */
  failWith?: unknown;
  /** Wait this many ms between parts. */
  delayMs?: number;
}

/** A model adapter that plays back parts, recording every call it gets. */
export function scriptedAdapter(script: Script, overrides: Partial<ModelAdapter> = {}) {
  const calls: ModelCall[] = [];
  const adapter: ModelAdapter = {
    modelId: "scripted",
    provider: "Scripted",
    keyName: "scripted",
    keyEnvVar: "SCRIPTED_API_KEY",
    ...overrides,
    execute(call) {
      calls.push(call);
      let index = 0;
      return new ReadableStream<StreamPart>({
        async pull(controller) {
          if (script.delayMs) await new Promise((resolve) => setTimeout(resolve, script.delayMs));
          if (index < script.parts.length) controller.enqueue(script.parts[index++]!);
          else if (script.failWith !== undefined) controller.error(script.failWith);
          else controller.close();
        },
      });
    },
  };
  return { adapter, calls };
}

export const textParts = (...chunks: string[]): StreamPart[] => chunks.map((text) => ({ type: "text-delta", text }));
