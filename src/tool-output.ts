import type { AttachmentSource } from "./spec/message.ts";

/** A tool's result with attachments, e.g. an image it generated; the attachments go to the model with the next round. */
export class ToolOutput {
  /** What the model is told (a string as is, anything else JSON-encoded). */
  readonly output: unknown;
  readonly attachments: AttachmentSource[];
  constructor(init: { output?: unknown; attachments?: readonly AttachmentSource[] | undefined }) {
    this.output = init.output ?? "";
    this.attachments = [...(init.attachments ?? [])];
  }
}
