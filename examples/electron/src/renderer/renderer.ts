/**
 * The window's page. It uses llm-anywhere directly, as any web page can: keys
 * and logs in IndexedDB, the key typed once and kept, answers streamed into
 * the page as they arrive. It can also ask the main process through
 * `window.llmBridge` (preload.ts), whose keys and logs live in files and never
 * reach the page. Without the bridge (a plain browser tab) that button stays off.
 *
 * `?base=http://127.0.0.1:PORT/v1` sends OpenAI requests to another server
 * (main.ts passes OPENAI_BASE_URL on this way).
 */
import * as llm from "llm-anywhere";
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";
import type { AskReply } from "../shared/bridge.ts";

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const modelSelect = element<HTMLSelectElement>("model");
const keyForm = element<HTMLFormElement>("key-form");
const keyInput = element<HTMLInputElement>("key");
const keyStatus = element<HTMLParagraphElement>("key-status");
const mainInfo = element<HTMLParagraphElement>("main-info");
const messages = element<HTMLOListElement>("messages");
const errorLine = element<HTMLParagraphElement>("error");
const chatForm = element<HTMLFormElement>("chat-form");
const promptInput = element<HTMLTextAreaElement>("prompt");
const askHereButton = element<HTMLButtonElement>("ask-here");
const askMainButton = element<HTMLButtonElement>("ask-main");

const bridge = window.llmBridge;
/** This window's conversation (the SDK in the page) and the main process's (by id). */
let conversation: llm.Conversation | undefined;
let mainConversationId: string | undefined;
let busy = false;

function showError(message: string): void {
  errorLine.textContent = message;
  errorLine.hidden = !message;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (llm.NeedsKeyError.is(error)) return `${message}. In this window: type your key in "OpenAI key for this window" and press "Save key".`;
  return llm.isLlmError(error) ? `${error.name}: ${message}` : message;
}

/** One exchange: the prompt, where it ran, and the element the answer streams into. */
function addExchange(prompt: string, where: string): HTMLElement {
  const item = document.createElement("li");
  const asked = document.createElement("p");
  asked.className = "prompt";
  asked.append(prompt, " ", Object.assign(document.createElement("span"), { className: "where", textContent: `(${where})` }));
  const answer = Object.assign(document.createElement("div"), { className: "answer" });
  answer.setAttribute("aria-live", "polite");
  item.append(asked, answer);
  messages.append(item);
  return answer;
}

async function showKeys(saved = false): Promise<void> {
  const names = await llm.listKeys();
  const stored = names.length ? `Stored keys: ${names.join(", ")}.` : "No key stored yet.";
  keyStatus.textContent = saved ? `Key saved. ${stored}` : stored;
}

/** Prompts with the SDK in this page. */
async function askHere(prompt: string, answer: HTMLElement): Promise<void> {
  const model = llm.getModel(modelSelect.value);
  if (conversation?.model.modelId !== model.modelId) {
    // Same conversation, another model: the history goes along.
    conversation = new llm.Conversation(model, conversation && { id: conversation.id, responses: conversation.responses });
  }
  const response = conversation.prompt(prompt);
  for await (const chunk of response) answer.append(chunk);
}

/** Prompts in the main process; its chunks arrive over IPC. */
async function askMain(prompt: string, answer: HTMLElement): Promise<void> {
  const reply: AskReply = await bridge!.ask({ prompt, model: modelSelect.value, conversationId: mainConversationId }, (chunk) => answer.append(chunk));
  if (!reply.ok) throw new Error(`${reply.error.name}: ${reply.error.message}`);
  mainConversationId = reply.conversationId;
}

async function send(where: "here" | "main"): Promise<void> {
  const prompt = promptInput.value.trim();
  if (!prompt || busy) return;
  busy = askHereButton.disabled = askMainButton.disabled = true;
  showError("");
  promptInput.value = "";
  const answer = addExchange(prompt, where === "here" ? `${modelSelect.value} in this window` : `${modelSelect.value} in the main process`);
  try {
    await (where === "here" ? askHere : askMain)(prompt, answer);
  } catch (error) {
    // Nothing answered: take the exchange out and give the prompt back.
    answer.closest("li")?.remove();
    promptInput.value ||= prompt;
    showError(messageOf(error));
  } finally {
    answer.removeAttribute("aria-live");
    busy = false;
    askHereButton.disabled = false;
    askMainButton.disabled = !bridge;
    promptInput.focus();
  }
}

async function start(): Promise<void> {
  const base = new URLSearchParams(location.search).get("base");
  await llm.configure({ storage: createIndexedDBStorage(), log: true, env: base ? { OPENAI_BASE_URL: base } : {} });
  modelSelect.replaceChildren(...llm.getModels().map(({ modelId }) => new Option(modelId, modelId)));
  modelSelect.value = "echo";

  keyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = keyInput.value.trim();
    keyInput.value = ""; // never shown again, only its name
    if (value) await llm.setKey("openai", value).then(() => showKeys(true), (error: unknown) => showError(messageOf(error)));
  });
  chatForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void send("here");
  });
  askMainButton.addEventListener("click", () => void send("main"));
  await showKeys();

  if (bridge) {
    const info = await bridge.info();
    const runtime = info.electron ? `Electron ${info.electron}, Node ${info.node}` : `Node ${info.node}`;
    const keys = info.keys.length ? `keys: ${info.keys.join(", ")}` : "no stored keys";
    mainInfo.textContent = `Main process: ${runtime}; files in ${info.storageDir} (${keys}).`;
    askMainButton.disabled = false;
  } else {
    mainInfo.textContent = "No main process here (window.llmBridge is missing): open this page in the Electron app to ask it.";
  }
  document.body.dataset.ready = "true";
}

start().catch((error: unknown) => showError(messageOf(error)));
