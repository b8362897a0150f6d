import type { Attachment } from "./attachment.ts";
import { AttachmentError } from "./errors.ts";
import type { AttachmentSource, Message } from "./spec/message.ts";

/**
 * Throws, with the Python library's wording, for an attachment the model does
 * not take (the accepted types listed in alphabetical order). With `known`
 * (at `prompt()` time), only the types of `llm.attachment()`s known without
 * reading a file or the network are checked; the rest once resolved.
 */
export function checkAttachments(accepted: ReadonlySet<string>, attachments: readonly AttachmentSource[], known?: boolean): void {
  for (const source of attachments) {
    if (!accepted.size) throw new AttachmentError("This model does not support attachments");
    const type = known ? (source as Partial<Attachment>).knownType?.() : source.type;
    if (type !== undefined && !accepted.has(type)) {
      throw new AttachmentError(`This model does not support attachments of type '${type}', only ${[...accepted].sort().join(", ")}`);
    }
  }
}

/**
 * Resolves the type of every attachment in `messages` (reading, sniffing or
 * asking with `HEAD` where needed) so that providers always see a type.
 */
export async function resolveAttachments(messages: readonly Message[], signal?: AbortSignal | undefined): Promise<void> {
  await Promise.all(
    messages.flatMap((message) =>
      message.parts.map((part) => part.type === "attachment" && (part.attachment as Partial<Attachment>).resolveType?.({ signal })),
    ),
  );
}
