/**
 * A full disk while logging, simulated: once logging is on,
 * `IDBObjectStore.prototype.put` throws the QuotaExceededError Chromium
 * throws. The answer must still arrive in full, `response.logged` must reject
 * with a StorageError saying the storage is full, and `onError` must be called.
 */
import * as llm from "llm-anywhere";
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";

export interface QuotaLogResult {
  expectedText: string;
  text: string;
  /** Chunks seen while streaming, joined. */
  streamed: string;
  rejected: boolean;
  isStorageError: boolean;
  instanceOfStorageError: boolean;
  code: string | undefined;
  name: string | undefined;
  message: string | undefined;
  causeName: string | undefined;
  onErrorCalls: { message: string; sameError: boolean; sameResponse: boolean }[];
  /** Was the response's entry (or its turn key) written anyway? */
  entryStored: boolean;
  turnKeys: string[];
  /** A response logged before the disk filled up is still listed. */
  listedWhileFull: string[];
  /** After the disk has room again, logging works. */
  loggedAfterRestore: boolean;
  listedAfterRestore: string[];
}

export async function run({ dbName }: { dbName: string }): Promise<QuotaLogResult> {
  const storage = createIndexedDBStorage({ dbName });
  const calls: { error: llm.StorageError; response: llm.Response }[] = [];
  await llm.configure({ storage, log: { onError: (error, response) => calls.push({ error, response }) } });
  const model = llm.getModel("echo");
  const before = model.prompt("logged before the disk filled up");
  await before.text();
  await before.logged;
  // The text the echo model gives for the prompt, with logging off.
  await llm.configure({ log: false });
  const expectedText = await model.prompt("does not fit").text();
  await llm.configure({ log: { onError: (error, response) => calls.push({ error, response }) } });

  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  };
  let response: llm.Response;
  let text: string;
  let streamed = "";
  let error: unknown;
  let listedWhileFull: string[] = [];
  try {
    response = model.prompt("does not fit");
    for await (const chunk of response) streamed += chunk;
    text = await response.text();
    await response.logged.catch((caught: unknown) => {
      error = caught;
    });
    listedWhileFull = (await llm.logs.list()).map((entry) => entry.prompt);
  } finally {
    IDBObjectStore.prototype.put = put;
  }
  const entryStored = (await storage.get(`logs/responses/${response.id}`)) !== undefined;
  const turnKeys = await storage.keys(`logs/turns/${response.id}/`);
  const after = model.prompt("fits again");
  await after.text();
  const loggedAfterRestore = await after.logged.then(
    () => true,
    () => false,
  );
  const listedAfterRestore = (await llm.logs.list()).map((entry) => entry.prompt);
  await llm.configure({ log: false });
  const failure = error as llm.StorageError | undefined;
  return {
    expectedText,
    text,
    streamed,
    rejected: error !== undefined,
    isStorageError: llm.StorageError.is(error),
    instanceOfStorageError: error instanceof llm.StorageError,
    code: failure?.code,
    name: failure?.name,
    message: failure?.message,
    causeName: (failure?.cause as DOMException | undefined)?.name,
    onErrorCalls: calls.map((call) => ({ message: call.error.message, sameError: call.error === error, sameResponse: call.response === response })),
    entryStored,
    turnKeys,
    listedWhileFull,
    loggedAfterRestore,
    listedAfterRestore,
  };
}
