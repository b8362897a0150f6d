// Embed a few notes and search them by meaning, all in the page: the notes
// and their vectors are kept in IndexedDB (an llm.Collection), and a search
// embeds only the query, then ranks the stored vectors in the page.
//
// Run it from the repository root (see README.md in this folder):
//   npx vite examples/browser-embeddings --host 127.0.0.1
// Add ?base=http://127.0.0.1:PORT/v1 to send OpenAI requests to another server.
import * as llm from "llm-anywhere";
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const keyForm = element<HTMLFormElement>("key-form");
const keyInput = element<HTMLInputElement>("key");
const keyStatus = element<HTMLParagraphElement>("key-status");
const noteForm = element<HTMLFormElement>("note-form");
const noteInput = element<HTMLTextAreaElement>("note");
const samplesButton = element<HTMLButtonElement>("samples");
const countLine = element<HTMLParagraphElement>("count");
const searchForm = element<HTMLFormElement>("search-form");
const queryInput = element<HTMLInputElement>("query");
const statusLine = element<HTMLParagraphElement>("status");
const errorLine = element<HTMLParagraphElement>("error");
const results = element<HTMLOListElement>("results");

const samples: Array<[string, string]> = [
  ["sample-pelican", "Pelicans scoop fish out of the water with their throat pouch."],
  ["sample-kakapo", "The kakapo is a flightless night parrot from New Zealand."],
  ["sample-bread", "Sourdough bread needs a starter, flour, water and salt."],
  ["sample-bike", "Check the bike chain and tyre pressure before a long ride."],
  ["sample-penguin", "Penguins swim fast and eat fish, krill and squid."],
];

let notes: llm.Collection;

function showError(message: string): void {
  errorLine.textContent = message;
  errorLine.hidden = !message;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (llm.NeedsKeyError.is(error)) return `${message}. On this page: type your key in "OpenAI key" and press "Save key".`;
  return llm.isLlmError(error) ? `${error.name}: ${message}` : message;
}

async function showCount(): Promise<void> {
  const count = await notes.count();
  countLine.textContent = count === 1 ? "1 note in this browser." : `${count} notes in this browser.`;
}

async function showKeys(saved = false): Promise<void> {
  const names = await llm.listKeys();
  const stored = names.length ? `Stored keys: ${names.join(", ")}.` : "No key stored yet.";
  keyStatus.textContent = saved ? `Key saved. ${stored}` : stored;
}

/** Runs one action with the buttons disabled and errors shown in the alert. */
async function busy(what: string, action: () => Promise<void>): Promise<void> {
  showError("");
  statusLine.textContent = what;
  for (const button of document.querySelectorAll("button")) button.disabled = true;
  try {
    await action();
  } catch (error) {
    showError(messageOf(error));
  } finally {
    statusLine.textContent = "";
    for (const button of document.querySelectorAll("button")) button.disabled = false;
  }
}

async function search(): Promise<void> {
  const query = queryInput.value.trim();
  if (!query) return;
  const started = performance.now();
  const found = await notes.similar(query, { number: 3 });
  results.replaceChildren(
    ...found.map(({ id, score, content }) => {
      const item = document.createElement("li");
      item.dataset.id = id;
      const score3 = Object.assign(document.createElement("span"), { className: "score", textContent: score.toFixed(3) });
      item.append(String(content ?? id), score3);
      return item;
    }),
  );
  results.dataset.ms = String(Math.round(performance.now() - started));
}

async function start(): Promise<void> {
  const base = new URLSearchParams(location.search).get("base");
  await llm.configure({ storage: createIndexedDBStorage(), env: base ? { OPENAI_BASE_URL: base } : {} });
  notes = new llm.Collection("notes", { modelId: "3-small" });

  keyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = keyInput.value.trim();
    if (!value) return;
    keyInput.value = ""; // never shown again, only its name
    await llm.setKey("openai", value);
    await showKeys(true);
  });
  noteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = noteInput.value.trim();
    if (!text) return;
    void busy("Embedding the note…", async () => {
      await notes.embed(`note-${Date.now().toString(36)}`, text, { store: true });
      noteInput.value = "";
      await showCount();
    });
  });
  // Embedded in one request; adding them again sends nothing (same ids, same text).
  samplesButton.addEventListener("click", () => void busy("Embedding the sample notes…", async () => {
    await notes.embedMulti(samples, { store: true });
    await showCount();
  }));
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy("Searching…", search);
  });

  await showKeys();
  await showCount();
  document.body.dataset.ready = "true";
}

start().catch((error: unknown) => showError(messageOf(error)));
