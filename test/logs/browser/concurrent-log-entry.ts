/**
 * Several pages of one origin log echo responses into one IndexedDB database
 * at once (`configure({ storage, log: true })`), a bounded number in flight
 * per page; each page then waits (bounded) until every page's responses are
 * listed and returns what `llm.logs.list()` gives.
 */
import * as llm from "llm-anywhere";
import { createIndexedDBStorage } from "llm-anywhere/storage/indexeddb";

export interface ConcurrentLogArg {
  dbName: string;
  pages: number;
  count: number;
  /** Responses in flight at once in a page. */
  concurrency: number;
}

export interface ConcurrentLogResult {
  startedAt: number;
  loggedAt: number;
  /** Answers whose text was empty (should be none). */
  emptyAnswers: number;
  /** Logging failures, as messages (should be none). */
  failures: string[];
  /** What `llm.logs.list({ limit: 5000 })` returned, newest first. */
  listed: { id: string; prompt: string; conversationId: string; model: string }[];
}

export async function run({ dbName, pages, count, concurrency }: ConcurrentLogArg, page: number): Promise<ConcurrentLogResult> {
  const failures: string[] = [];
  await llm.configure({ storage: createIndexedDBStorage({ dbName }), log: { onError: (error) => failures.push(error.message) } });
  const model = llm.getModel("echo");
  let emptyAnswers = 0;
  let next = 0;
  const startedAt = Date.now();
  // `concurrency` workers, each taking the next prompt until all are done.
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const response = model.prompt(`page-${page} prompt ${index}`);
      if (!(await response.text())) emptyAnswers++;
      await response.logged;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const loggedAt = Date.now();
  let listed = await llm.logs.list({ limit: 5000 });
  for (let attempt = 0; listed.length < pages * count && attempt < 600; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    listed = await llm.logs.list({ limit: 5000 });
  }
  await llm.configure({ log: false });
  return {
    startedAt,
    loggedAt,
    emptyAnswers,
    failures,
    listed: listed.map(({ id, prompt, conversationId, model }) => ({ id, prompt, conversationId, model })),
  };
}
