// A file input -> llm.attachment({ content: file }) -> prompt -> the answer,
// streamed into the page. With a key typed in, gpt-4o-mini describes the
// image; without one, the echo model shows what it was sent.
//
// Run it with Vite's dev server from the repository root:
//   npx vite examples/browser-attachment --config vite.config.ts
import * as llm from "llm-anywhere";

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = element<HTMLFormElement>("form");
const fileInput = element<HTMLInputElement>("file");
const preview = element<HTMLImageElement>("preview");
const promptInput = element<HTMLInputElement>("prompt");
const keyInput = element<HTMLInputElement>("key");
const send = element<HTMLButtonElement>("send");
const stop = element<HTMLButtonElement>("stop");
const info = element<HTMLParagraphElement>("info");
const output = element<HTMLOutputElement>("output");
let controller: AbortController | undefined;

fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (preview.src) URL.revokeObjectURL(preview.src);
  preview.hidden = !file;
  if (file) preview.src = URL.createObjectURL(file);
});

stop.addEventListener("click", () => controller?.abort());

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = fileInput.files?.[0];
  if (!file) return;
  const key = keyInput.value.trim();
  const model = llm.getModel(key ? "gpt-4o-mini" : "echo");
  controller = new AbortController();
  send.disabled = true;
  stop.disabled = false;
  output.textContent = "";
  output.classList.remove("error");
  try {
    // The File's own type is used; an untyped file is sniffed from its first bytes.
    const image = llm.attachment({ content: file });
    info.textContent = `${file.name}: ${await image.resolveType()}, id ${(await image.id()).slice(0, 12)}..., to ${model.modelId}`;
    const response = model.prompt(promptInput.value, {
      attachments: [image],
      key: key || undefined,
      signal: controller.signal,
    });
    for await (const chunk of response) output.append(chunk);
  } catch (error) {
    output.classList.add("error");
    output.append(`\n${llm.isLlmError(error) ? `${error.name}: ` : ""}${(error as Error).message}`);
  } finally {
    send.disabled = false;
    stop.disabled = true;
  }
});
