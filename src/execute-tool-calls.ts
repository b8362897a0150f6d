import { CancelToolCall } from "./errors.ts";
import { pythonJson } from "./python-json.ts";
import type { Tool, ToolCall, ToolResult } from "./tool.ts";
import { ToolOutput } from "./tool-output.ts";

/** Called before each tool call; throw `new llm.CancelToolCall(message)` to skip that call. `tool` is `undefined` for an unknown tool. */
export type BeforeCall = (tool: Tool<any> | undefined, toolCall: ToolCall) => unknown;
/** Called after each tool call that ran (successfully or not). */
export type AfterCall = (tool: Tool<any>, toolCall: ToolCall, toolResult: ToolResult) => unknown;

export interface ToolHooks {
  /** Called before each tool call; may be async; may throw `CancelToolCall`. */
  beforeCall?: BeforeCall | undefined;
  /** Called after each tool call that ran; may be async. */
  afterCall?: AfterCall | undefined;
}

/**
 * Runs tool calls concurrently and returns their results in call order,
 * telling the model what the Python library tells it: a string result as is,
 * anything else JSON-encoded, `Error: <message>` for a tool that throws (or
 * gets invalid arguments), `Error: tool "<name>" does not exist`, and
 * `Cancelled: <message>` for a call `beforeCall` cancelled. An error thrown by
 * a hook itself (other than `CancelToolCall`) is rethrown once every call has settled.
 */
export async function executeToolCalls(toolCalls: readonly ToolCall[], tools: readonly Tool<any>[], hooks: ToolHooks = {}, signal?: AbortSignal): Promise<ToolResult[]> {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const settled = await Promise.allSettled(toolCalls.map((call) => executeOne(signal ? { ...call, signal } : call, byName.get(call.name), hooks)));
  const failure = settled.find((outcome) => outcome.status === "rejected");
  if (failure) throw (failure as PromiseRejectedResult).reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<ToolResult>).value);
}

async function executeOne(call: ToolCall, tool: Tool<any> | undefined, hooks: ToolHooks): Promise<ToolResult> {
  const result = (output: string, exception?: Error, attachments: ToolResult["attachments"] = []): ToolResult => ({
    name: call.name,
    output,
    toolCallId: call.toolCallId,
    exception,
    attachments,
  });
  try {
    await hooks.beforeCall?.(tool, call);
  } catch (error) {
    if (CancelToolCall.is(error)) return result(`Cancelled: ${error.message}`, error);
    throw error;
  }
  if (!tool) return result(`Error: tool "${call.name}" does not exist`, new Error(`tool "${call.name}" does not exist`));
  let toolResult: ToolResult;
  try {
    const value = await tool.execute(call.arguments, call);
    toolResult =
      value instanceof ToolOutput ? result(stringify(value.output), undefined, value.attachments) : result(stringify(value));
  } catch (error) {
    const exception = error instanceof Error ? error : new Error(String(error));
    toolResult = result(`Error: ${exception.message}`, exception);
  }
  await hooks.afterCall?.(tool, call, toolResult);
  return toolResult;
}

function stringify(value: unknown): string {
  return typeof value === "string" ? value : pythonJson(value);
}
