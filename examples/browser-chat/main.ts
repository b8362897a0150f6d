// A chat page with no UI framework: pick a model (OpenAI, Anthropic or echo),
// save a key once, chat with the answer streaming in (reasoning and tool calls
// shown as they come), attach an image, stop it, and come back to earlier
// conversations (logged to IndexedDB) after a reload.
//
// Run it from the repository root (see README.md in this folder):
//   npx vite examples/browser-chat --host 127.0.0.1
// Add ?base=http://127.0.0.1:PORT/v1 to send OpenAI requests to another server,
// and ?anthropic-base=http://127.0.0.1:PORT for Anthropic's.
import * as llm from "llm-anywhere";
import { registerAnthropic } from "llm-anywhere/anthropic";
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const modelSelect = element<HTMLSelectElement>("model");
const keyForm = element<HTMLFormElement>("key-form");
const keyLabel = element<HTMLLabelElement>("key-label");
const keyInput = element<HTMLInputElement>("key");
const keyStatus = element<HTMLParagraphElement>("key-status");
const conversationList = element<HTMLUListElement>("conversations");
const newConversationButton = element<HTMLButtonElement>("new-conversation");
const chatHeading = element<HTMLHeadingElement>("chat-heading");
const messages = element<HTMLOListElement>("messages");
const statusLine = element<HTMLParagraphElement>("status");
const errorLine = element<HTMLParagraphElement>("error");
const chatForm = element<HTMLFormElement>("chat-form");
const promptInput = element<HTMLTextAreaElement>("prompt");
const imageInput = element<HTMLInputElement>("image");
const sendButton = element<HTMLButtonElement>("send");
const stopButton = element<HTMLButtonElement>("stop");

/** The model choice is remembered per site in localStorage; echo needs no key. */
const modelChoiceKey = "browser-chat:model";
let conversation: llm.Conversation;
let controller: AbortController | undefined;

/** The demo tool: the model may call it, and the page shows each call and its result. */
const multiply = llm.tool({
  name: "multiply",
  description: "Multiply two numbers.",
  parameters: {
    type: "object",
    properties: { a: { type: "integer" }, b: { type: "integer" } },
    required: ["a", "b"],
  },
  // The library validates the arguments against the schema before calling this.
  execute: ({ a, b }) => Number(a) * Number(b),
});

const providerNames: Record<string, string> = { openai: "OpenAI", anthropic: "Anthropic" };
/** The key name for the chosen model (`openai`, `anthropic`); echo needs none, so its form keeps OpenAI's. */
const keyNameOf = (modelId: string) => llm.getModel(modelId).keyName ?? "openai";
const providerOf = (keyName: string) => providerNames[keyName] ?? keyName;

function showError(message: string): void {
  errorLine.textContent = message;
  errorLine.hidden = !message;
}

const make = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}) =>
  Object.assign(document.createElement(tag), props);
const hidden = (text: string) => make("span", { className: "visually-hidden", textContent: text });

/** One exchange in the transcript: the prompt, then reasoning, tool calls and the answer as they come. */
interface Turn {
  answer: HTMLElement;
  calls: HTMLOListElement;
  reasoning(text: string): void;
  toolCall(call: Pick<llm.ToolCall, "name" | "arguments" | "toolCallId">): void;
  toolResult(result: Pick<llm.ToolResult, "name" | "output" | "toolCallId">): void;
}

function addTurn(prompt: string, live: boolean, attached: readonly string[] = []): Turn {
  const item = make("li");
  const asked = make("p", { className: "prompt" });
  asked.append(hidden("You: "), prompt);
  item.append(asked);
  for (const name of attached) item.append(make("p", { className: "attached", textContent: `Attached image: ${name}` }));
  const calls = make("ol", { className: "tool-calls", hidden: true });
  calls.setAttribute("aria-label", "Tool calls");
  const answer = make("div", { className: "answer" });
  // Screen readers announce the streamed text and tool calls as they grow; history is read as any text.
  if (live) for (const region of [answer, calls]) region.setAttribute("aria-live", "polite");
  item.append(calls, answer);
  messages.append(item);

  let thoughts: HTMLElement | undefined;
  const callItems = new Map<string, HTMLLIElement>();
  const callItem = ({ name, arguments: args, toolCallId }: { name: string; arguments?: unknown; toolCallId: string }) => {
    let found = callItems.get(toolCallId);
    if (!found) {
      found = make("li", { className: "tool-call" });
      found.append(hidden("Tool call: "), make("code", { textContent: `${name}(${args === undefined ? "" : JSON.stringify(args)})` }));
      callItems.set(toolCallId, found);
      calls.append(found);
      calls.hidden = false;
    }
    return found;
  };
  return {
    answer,
    calls,
    reasoning(text) {
      if (!thoughts) {
        // Collapsed: the answer is what matters; the reasoning is a click away.
        const details = make("details", { className: "reasoning" });
        details.append(make("summary", { textContent: "Reasoning" }), (thoughts = make("div")));
        item.insertBefore(details, calls);
      }
      thoughts.append(text);
    },
    toolCall: (call) => void callItem(call),
    toolResult(result) {
      const found = callItem(result);
      if (!found.querySelector(".tool-result")) found.append(" ", make("span", { className: "tool-result", textContent: `→ ${result.output}` }));
    },
  };
}

/** Text of a later round: one space between rounds when neither side has one (as chain iteration does). */
function appendText(answer: HTMLElement, text: string, newRound: boolean): void {
  const before = answer.textContent ?? "";
  if (newRound && before && !/\s$/.test(before) && !/^\s/.test(text)) answer.append(" ");
  answer.append(document.createTextNode(text));
}

async function showKeys(saved = false): Promise<void> {
  const names = await llm.listKeys();
  const stored = names.length ? `Stored keys: ${names.join(", ")}.` : "No key stored yet.";
  keyStatus.textContent = saved ? `Key saved. ${stored}` : stored;
}

function showKeyForm(): void {
  keyLabel.textContent = `${providerOf(keyNameOf(modelSelect.value))} key`;
}

async function showConversations(): Promise<void> {
  const logged = await llm.logs.conversations({ limit: 30 });
  conversationList.replaceChildren(
    ...logged.map(({ id, name, datetimeUtc }) => {
      const button = make("button", { type: "button", textContent: name || "(empty prompt)", title: `Started ${new Date(datetimeUtc).toLocaleString()}` });
      button.dataset.id = id;
      if (id === conversation?.id) button.setAttribute("aria-current", "true");
      button.addEventListener("click", () => void openConversation(id).catch((error: unknown) => showError(messageOf(error))));
      const item = make("li");
      item.append(button);
      return item;
    }),
  );
}

/** Shows a logged conversation from its log entries: a chain's later rounds (tool results, no prompt) join their turn. */
async function showHistory(id: string): Promise<void> {
  const entries = (await llm.logs.list({ conversationId: id, limit: Infinity })).reverse();
  let turn: Turn | undefined;
  for (const entry of entries) {
    const continues = turn !== undefined && !entry.prompt && entry.toolResults.length > 0;
    if (!continues) turn = addTurn(entry.prompt, false, entry.attachments.map((attachment) => attachment.type));
    for (const result of entry.toolResults) turn!.toolResult(result);
    const reasoning = entry.reasoning ?? entry.reasoningParts?.map((part) => part.text).join("");
    if (reasoning) turn!.reasoning(reasoning);
    for (const call of entry.toolCalls) turn!.toolCall(call);
    if (entry.text) appendText(turn!.answer, entry.text, continues);
  }
}

/** Opens a logged conversation (its history shown), or a new one without `id`. */
async function openConversation(id?: string): Promise<void> {
  controller?.abort();
  showError("");
  statusLine.textContent = "";
  const model = llm.getModel(modelSelect.value);
  // The model in the menu continues the conversation, whichever answered before.
  conversation = id ? await llm.loadConversation(id, { model }) : model.conversation();
  messages.replaceChildren();
  if (id) await showHistory(id);
  const name = conversationList.querySelector<HTMLButtonElement>(`button[data-id="${id}"]`)?.textContent;
  chatHeading.textContent = id ? `Conversation: ${name ?? id}` : "New conversation";
  for (const button of conversationList.querySelectorAll("button")) {
    if (button.dataset.id === id) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The library's advice is for code; say what to do on this page too.
  if (llm.NeedsKeyError.is(error)) return `${message}. On this page: type your key in "${keyLabel.textContent}" and press "Save key".`;
  return llm.isLlmError(error) ? `${error.name}: ${message}` : message;
}

async function send(): Promise<void> {
  const prompt = promptInput.value.trim();
  if (!prompt || controller) return;
  showError("");
  if (conversation.model.modelId !== modelSelect.value) {
    // The model changed mid-conversation: the same conversation goes on with the new one.
    const { id, responses } = conversation;
    conversation = new llm.Conversation(llm.getModel(modelSelect.value), { id, responses });
  }
  const file = imageInput.files?.[0];
  const turn = addTurn(prompt, true, file ? [file.name] : []);
  promptInput.value = "";
  const current = (controller = new AbortController());
  sendButton.disabled = true;
  stopButton.disabled = false;
  const { model } = conversation;
  statusLine.textContent = `${model.modelId} is answering…`;
  try {
    const chain = conversation.chain(prompt, {
      tools: model.supportsTools ? [multiply] : [],
      attachments: file ? [llm.attachment({ content: file })] : [],
      signal: current.signal,
      afterCall: (_tool, _call, result) => turn.toolResult(result),
    });
    imageInput.value = "";
    for await (const event of chain.streamEvents()) {
      if (event.type === "text") {
        // Chains put a space between rounds themselves: append as it comes.
        turn.answer.append(document.createTextNode(event.text));
      } else if (event.type === "reasoning") turn.reasoning(event.text);
      else turn.toolCall(event);
    }
    statusLine.textContent = "";
    // Every round is logged; wait for them so the conversation list is up to date.
    for await (const round of chain.responses()) await round.logged.catch(() => {}); // a logging failure is reported by the library; the answer stands
    const wasNew = chatHeading.textContent === "New conversation";
    await showConversations();
    if (wasNew) chatHeading.textContent = `Conversation: ${prompt.replace(/\s+/g, " ").slice(0, 60)}`;
  } catch (error) {
    if (current.signal.aborted) {
      statusLine.textContent = "Stopped.";
      turn.answer.append(make("em", { className: "stopped", textContent: " (stopped)" }));
    } else if (!turn.answer.textContent && turn.calls.hidden) {
      // Nothing was answered: take the exchange out and give the prompt back to send again.
      statusLine.textContent = "";
      turn.answer.closest("li")?.remove();
      if (!promptInput.value) promptInput.value = prompt;
      showError(messageOf(error));
    } else {
      statusLine.textContent = "";
      showError(messageOf(error));
    }
  } finally {
    turn.answer.removeAttribute("aria-live");
    turn.calls.removeAttribute("aria-live");
    controller = undefined;
    sendButton.disabled = false;
    stopButton.disabled = true;
    promptInput.focus();
  }
}

async function start(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const env: Record<string, string> = {};
  const openaiBase = query.get("base");
  const anthropicBase = query.get("anthropic-base");
  if (openaiBase) env.OPENAI_BASE_URL = openaiBase;
  if (anthropicBase) env.ANTHROPIC_BASE_URL = anthropicBase;
  llm.registerModels(registerAnthropic);
  // browser: true lets Anthropic be called from a page (it sends anthropic-dangerous-direct-browser-access):
  // fine for a key the user typed in, never for a key of yours.
  await llm.configure({ storage: createIndexedDBStorage(), log: true, browser: true, env });

  // The menu, grouped by the key each model needs.
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const model of llm.getModels()) {
    const label = model.keyName ? providerOf(model.keyName) : "No key needed";
    if (!groups.has(label)) groups.set(label, make("optgroup", { label }));
    groups.get(label)!.append(new Option(model.modelId, model.modelId));
  }
  modelSelect.replaceChildren(...groups.values());
  const ids = llm.getModels().map((model) => model.modelId);
  const remembered = localStorage.getItem(modelChoiceKey);
  modelSelect.value = remembered && ids.includes(remembered) ? remembered : "echo";
  showKeyForm();
  modelSelect.addEventListener("change", () => {
    localStorage.setItem(modelChoiceKey, modelSelect.value);
    showKeyForm();
  });

  keyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = keyInput.value.trim();
    if (!value) return;
    keyInput.value = ""; // the key is never shown again, only its name
    try {
      await llm.setKey(keyNameOf(modelSelect.value), value);
      await showKeys(true);
    } catch (error) {
      showError(messageOf(error));
    }
  });

  chatForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void send();
  });
  promptInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      chatForm.requestSubmit();
    }
  });
  stopButton.addEventListener("click", () => controller?.abort());
  newConversationButton.addEventListener("click", () => void openConversation().then(() => promptInput.focus()));

  await showKeys();
  // Reopen the most recent conversation, so a reload shows the history and continues it.
  const [latest] = await llm.logs.conversations({ limit: 1 });
  await showConversations();
  await openConversation(latest?.id);
  document.body.dataset.ready = "true";
}

start().catch((error: unknown) => showError(messageOf(error)));
