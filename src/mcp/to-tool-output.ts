import { Attachment } from "../attachment.ts";
import { fromBase64 } from "../base64.ts";
import { McpError } from "../errors.ts";
import { pythonJson } from "../python-json.ts";
import { ToolOutput } from "../tool-output.ts";

/** A `tools/call` result as the protocol has it. */
export interface CallToolResult {
  content?: Array<Record<string, any>> | undefined;
  structuredContent?: unknown;
  isError?: boolean | undefined;
}

const isMedia = (type: unknown): type is string => typeof type === "string" && /^(image|audio)\//.test(type);

/**
 * What the model is told of a `tools/call` result: text blocks (and the text
 * of embedded resources) joined with newlines; images and audio (inline or
 * embedded as a blob) as attachments of a `ToolOutput`; any other block
 * (resource links, blobs of other types, types added later) JSON-encoded;
 * `structuredContent` JSON-encoded when there is no content. An `isError`
 * result throws an `McpError` whose message is that text, so that the model
 * is told `Error: <text>`.
 */
export function toToolOutput(result: CallToolResult, where: { server: string; tool: string }): string | ToolOutput {
  const texts: string[] = [];
  const attachments: Attachment[] = [];
  const content = Array.isArray(result?.content) ? result.content : [];
  for (const block of content) {
    const resource = block.type === "resource" ? (block.resource as Record<string, any> | undefined) : undefined;
    if (block.type === "text" && typeof block.text === "string") texts.push(block.text);
    else if ((block.type === "image" || block.type === "audio") && typeof block.data === "string" && isMedia(block.mimeType)) {
      attachments.push(new Attachment({ content: fromBase64(block.data), type: block.mimeType }));
    } else if (typeof resource?.text === "string") texts.push(resource.text);
    else if (typeof resource?.blob === "string" && isMedia(resource.mimeType)) {
      attachments.push(new Attachment({ content: fromBase64(resource.blob), type: resource.mimeType }));
    } else texts.push(pythonJson(block));
  }
  if (!content.length && result?.structuredContent !== undefined) texts.push(pythonJson(result.structuredContent));
  const text = texts.join("\n");
  if (result?.isError) {
    throw new McpError(text || `Tool "${where.tool}" of MCP server ${where.server} failed without saying why.`, { ...where, method: "tools/call", data: result });
  }
  return attachments.length ? new ToolOutput({ output: text, attachments }) : text;
}
