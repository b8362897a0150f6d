// A chat page with no UI framework: pick a model, save a key once, chat with
// the answer streaming in, stop it, and come back to earlier conversations
// (logged to IndexedDB) after a reload.
//
// Run it from the repository root (see README.md in this folder):
//   npx vite examples/browser-chat --host 127.0.0.1
// Add ?base=http://127.0.0.1:PORT/v1 to send OpenAI requests to another server.
import * as llm from "llm-anywhere";
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const modelSelect = element<HTMLSelectElement>("model");
const keyForm = element<HTMLFormElement>("key-form");
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
const sendButton = element<HTMLButtonElement>("send");
const stopButton = element<HTMLButtonElement>("stop");

/** The model choice is remembered per site in localStorage; echo needs no key. */
const modelChoiceKey = "browser-chat:model";
let conversation: llm.Conversation;
let controller: AbortController | undefined;

function showError(message: string): void {
  errorLine.textContent = message;
  errorLine.hidden = !message;
}

/** One exchange in the transcript: the prompt, and an element the answer goes into. */
function addExchange(prompt: string, live: boolean): HTMLElement {
  const item = document.createElement("li");
  const asked = document.createElement("p");
  asked.className = "prompt";
  asked.append(Object.assign(document.createElement("span"), { className: "visually-hidden", textContent: "You: " }), prompt);
  const answer = document.createElement("div");
  answer.className = "answer";
  // Screen readers announce the streamed text as it grows; history is read as any text.
  if (live) answer.setAttribute("aria-live", "polite");
  item.append(asked, answer);
  messages.append(item);
  return answer;
}

async function showKeys(saved = false): Promise<void> {
  const names = await llm.listKeys();
  const stored = names.length ? `Stored keys: ${names.join(", ")}.` : "No key stored yet.";
  keyStatus.textContent = saved ? `Key saved. ${stored}` : stored;
}

async function showConversations(): Promise<void> {
  const logged = await llm.logs.conversations({ limit: 30 });
  conversationList.replaceChildren(
    ...logged.map(({ id, name, datetimeUtc }) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = name || "(empty prompt)";
      button.title = `Started ${new Date(datetimeUtc).toLocaleString()}`;
      button.dataset.id = id;
      if (id === conversation?.id) button.setAttribute("aria-current", "true");
      button.addEventListener("click", () => void openConversation(id).catch((error: unknown) => showError(messageOf(error))));
      const item = document.createElement("li");
      item.append(button);
      return item;
    }),
  );
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
  for (const response of conversation.responses) addExchange(response.prompt, false).append(await response.text());
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
  if (llm.NeedsKeyError.is(error)) return `${message}. On this page: type your key in "OpenAI key" and press "Save key".`;
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
  const answer = addExchange(prompt, true);
  promptInput.value = "";
  const current = (controller = new AbortController());
  sendButton.disabled = true;
  stopButton.disabled = false;
  statusLine.textContent = `${conversation.model.modelId} is answering…`;
  try {
    const response = conversation.prompt(prompt, { signal: current.signal });
    for await (const chunk of response) answer.append(document.createTextNode(chunk));
    statusLine.textContent = "";
    await response.logged.catch(() => {}); // a logging failure is reported by the library; the answer stands
    const wasNew = chatHeading.textContent === "New conversation";
    await showConversations();
    if (wasNew) chatHeading.textContent = `Conversation: ${prompt.replace(/\s+/g, " ").slice(0, 60)}`;
  } catch (error) {
    if (current.signal.aborted) {
      statusLine.textContent = "Stopped.";
      answer.append(Object.assign(document.createElement("em"), { className: "stopped", textContent: " (stopped)" }));
    } else {
      // Nothing was answered: take the exchange out and give the prompt back to send again.
      statusLine.textContent = "";
      answer.closest("li")?.remove();
      if (!promptInput.value) promptInput.value = prompt;
      showError(messageOf(error));
    }
  } finally {
    answer.removeAttribute("aria-live");
    controller = undefined;
    sendButton.disabled = false;
    stopButton.disabled = true;
    promptInput.focus();
  }
}

async function start(): Promise<void> {
  const base = new URLSearchParams(location.search).get("base");
  await llm.configure({ storage: createIndexedDBStorage(), log: true, env: base ? { OPENAI_BASE_URL: base } : {} });

  const ids = llm.getModels().map((model) => model.modelId);
  modelSelect.replaceChildren(...ids.map((id) => new Option(id, id)));
  const remembered = localStorage.getItem(modelChoiceKey);
  modelSelect.value = remembered && ids.includes(remembered) ? remembered : "echo";
  modelSelect.addEventListener("change", () => localStorage.setItem(modelChoiceKey, modelSelect.value));

  keyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = keyInput.value.trim();
    if (!value) return;
    keyInput.value = ""; // the key is never shown again, only its name
    try {
      await llm.setKey("openai", value);
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
