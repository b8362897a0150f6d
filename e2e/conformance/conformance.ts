/**
 * A conformance subset that runs unchanged under Node (through tsx), Deno and
 * Bun: no test framework, only the SDK, `node:fs/promises`, `node:os` and
 * `node:path` (which all three provide) and the web APIs.
 *
 * It prints one JSON line, `{"runtime": "...", "results": [{ "name", "ok", "error"? }]}`,
 * and exits 0 whatever the results; `e2e/conformance.test.ts` runs it under
 * each runtime and turns every result into a vitest case.
 *
 *   npx deno run -A --conditions=llm-anywhere:source e2e/conformance/conformance.ts
 *   npx bun --conditions=llm-anywhere:source e2e/conformance/conformance.ts
 *   node --conditions=llm-anywhere:source --import tsx e2e/conformance/conformance.ts
 *
 * Without `--conditions=llm-anywhere:source`, `llm-anywhere` resolves (through
 * package.json's self-reference) to the built dist/ instead of src/.
 *
 * The environment check expects `OPENAI_API_KEY=sk-conformance-env-key` in the
 * environment (the test sets it). The recorded fixtures are read from
 * `../shared/fixtures` next to the repository, or from `LLM_FIXTURES_DIR`.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { replayFetch, splitBytes, type ReplayFetch } from "../../test/helpers/replay-fetch.ts";

type Llm = typeof import("llm-anywhere");
type FsStorageModule = typeof import("llm-anywhere/storage/fs");

interface Result {
  name: string;
  ok: boolean;
  error?: string;
}

/** The key the test puts in the child's environment as OPENAI_API_KEY. */
const envKey = "sk-conformance-env-key";
/** The key passed explicitly to the replayed prompts that are not about the environment. */
const explicitKey = "sk-conformance-explicit";
const fixtureCase = "openai/chat-completions/text-stream-usage-gpt-4o-mini";
/** Each check gets this long before it counts as hung. */
const checkTimeoutMs = 20_000;

const results: Result[] = [];

function runtimeName(): string {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string }; process?: { versions?: { node?: string } } };
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun) return `bun ${g.Bun.version}`;
  return `node ${g.process?.versions?.node ?? "?"}`;
}

function fail(message: string): never {
  throw new Error(message);
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.stack ? `\n${error.stack.split("\n").slice(1, 6).join("\n")}` : ""}`;
  return String(error);
}

async function check(name: string, body: () => Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      body(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${checkTimeoutMs} ms`)), checkTimeoutMs);
      }),
    ]);
    results.push({ name, ok: true });
  } catch (error) {
    results.push({ name, ok: false, error: describeError(error) });
  } finally {
    clearTimeout(timer);
  }
}

/** A variable through `process.env` (a global in Node, Bun and Deno 2), or `undefined`. */
function readEnv(name: string): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    return undefined; // Deno without --allow-env
  }
}

/** What echo was sent, from its JSON answer. */
async function echoed(response: { text(): Promise<string> }): Promise<Record<string, any>> {
  return JSON.parse(await response.text()) as Record<string, any>;
}

async function main(): Promise<void> {
  let llm: Llm | undefined;
  let fsStorage: FsStorageModule | undefined;
  await check("import llm-anywhere and llm-anywhere/storage/fs", async () => {
    llm = await import("llm-anywhere");
    fsStorage = await import("llm-anywhere/storage/fs");
  });
  if (!llm || !fsStorage) return;
  const sdk: Llm = llm;
  const { createFsStorage } = fsStorage;

  // Every check starts from a memory storage, logging off and the global fetch
  // (never `env`: the environment check needs the runtime's own environment).
  const reset = async (fetch?: typeof globalThis.fetch) => {
    await sdk.configure({ storage: sdk.createMemoryStorage(), log: false, fetch });
  };

  // (a) echo
  await check("echo: text() is the JSON of what was asked", async () => {
    await reset(() => Promise.reject(new Error("echo must not fetch")));
    const asked = await echoed(sdk.getModel("echo").prompt("Hello from the conformance run", { system: "Be brief" }));
    assertEqual(asked.prompt, "Hello from the conformance run", "echoed prompt");
    assertEqual(asked.system, "Be brief", "echoed system");
    assertEqual(asked.stream, true, "echoed stream");
  });

  await check("echo: streaming iteration yields chunks that make the text", async () => {
    await reset(() => Promise.reject(new Error("echo must not fetch")));
    const response = sdk.getModel("echo").prompt("stream me");
    const chunks: string[] = [];
    for await (const chunk of response) chunks.push(chunk);
    assert(chunks.length >= 1, "no chunks");
    assert(chunks.every((chunk) => typeof chunk === "string"), "a chunk is not a string");
    assertEqual(chunks.join(""), await response.text(), "joined chunks vs text()");
    assertEqual(JSON.parse(chunks.join("")).prompt, "stream me", "streamed prompt");
    // textStream is a web ReadableStream in every runtime.
    const again = sdk.getModel("echo").prompt("as a stream");
    let streamed = "";
    const reader = again.textStream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) streamed += next.value;
    assertEqual(JSON.parse(streamed).prompt, "as a stream", "textStream prompt");
  });

  // (b) a recorded OpenAI stream through an injected fetch
  const fixturesDir = readEnv("LLM_FIXTURES_DIR");
  const fixtureUrl = (suffix: string) =>
    fixturesDir ? join(fixturesDir, `${fixtureCase}${suffix}`) : new URL(`../../../shared/fixtures/${fixtureCase}${suffix}`, import.meta.url);
  let body: Uint8Array | undefined;
  let facts: any;
  await check("fixture: read the recorded OpenAI stream", async () => {
    const bytes = await readFile(fixtureUrl(".sse"));
    body = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    facts = JSON.parse(await readFile(fixtureUrl(".expect.json"), "utf8")).facts;
    assert(body.length > 1000 && typeof facts?.text === "string", "unexpected fixture contents");
  });

  /** Prompts gpt-4o-mini against the replay and checks what a correct client must extract. */
  const replayCheck = async (replay: ReplayFetch, options: { key?: string } = { key: explicitKey }) => {
    await reset(replay.fetch);
    const response = sdk.getModel("gpt-4o-mini").prompt("What is 1231 * 2331?", options);
    const chunks: string[] = [];
    for await (const chunk of response) chunks.push(chunk);
    assertEqual(chunks.join(""), facts.text, "streamed text");
    assert(chunks.length > 1, `expected several chunks, got ${chunks.length}`);
    assertEqual(await response.text(), facts.text, "text()");
    const usage = await response.usage();
    assertEqual([usage.input, usage.output], [facts.usage.input_tokens, facts.usage.output_tokens], "usage input/output");
    assertEqual(await response.finishReason(), facts.finish_reason, "finish reason");
    assertEqual(await response.resolvedModel(), facts.model, "resolved model");
    assertEqual(replay.requests.length, 1, "request count");
    const request = replay.requests[0]!;
    assert(request.url.endsWith("/chat/completions"), `request URL ${request.url}`);
    assertEqual(request.method, "POST", "request method");
    assertEqual(request.body?.model, "gpt-4o-mini", "request model");
    assertEqual(request.body?.stream, true, "request stream");
    return request;
  };

  await check("openai replay: the whole body in one chunk", async () => {
    assert(body, "no fixture");
    const request = await replayCheck(replayFetch(body, { contentType: "text/event-stream; charset=utf-8" }));
    assertEqual(request.headers.authorization, `Bearer ${explicitKey}`, "authorization header");
  });

  await check("openai replay: split into 1-byte chunks", async () => {
    assert(body, "no fixture");
    const bytes = body;
    const chunks = Array.from(bytes, (_, index) => bytes.subarray(index, index + 1));
    const replay = replayFetch(bytes, { chunks });
    await replayCheck(replay);
    assertEqual(replay.chunksRead(), bytes.length, "chunks read");
  });

  await check("openai replay: split at random byte boundaries (seeds 1-5)", async () => {
    assert(body, "no fixture");
    for (let seed = 1; seed <= 5; seed++) await replayCheck(replayFetch(body, { chunks: splitBytes(body, seed) }));
  });

  // (c) a tool chain with echo
  await check("echo tool chain: the tool runs and its result is sent back", async () => {
    await reset(() => Promise.reject(new Error("echo must not fetch")));
    const ran: string[] = [];
    const upper = sdk.tool({
      name: "upper",
      description: "Convert text to uppercase.",
      parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      execute: ({ text }) => {
        ran.push(String(text));
        return String(text).toUpperCase();
      },
    });
    const prompt = JSON.stringify({ tool_calls: [{ name: "upper", arguments: { text: "panda" } }] });
    const chain = sdk.getModel("echo").chain(prompt, { tools: [upper] });
    const responses: InstanceType<Llm["Response"]>[] = [];
    for await (const response of chain.responses()) responses.push(response);
    assertEqual(responses.length, 2, "rounds");
    assertEqual(ran, ["panda"], "tool ran with");
    const calls = await responses[0]!.toolCalls();
    assertEqual(
      calls.map(({ name, arguments: args }) => ({ name, arguments: args })),
      [{ name: "upper", arguments: { text: "panda" } }],
      "tool calls",
    );
    const second = await echoed(responses[1]!);
    assertEqual(second.tool_results, [{ name: "upper", output: "PANDA", tool_call_id: calls[0]!.toolCallId }], "tool results sent back");
    assertEqual(second.previous, [{ prompt }], "history sent back");
    assert((await chain.text()).includes('"output": "PANDA"'), "chain text lacks the tool result");
  });

  // (d) storage: memory and files
  // A failure here (Deno without env access to TMPDIR, say) fails the fs checks, not the run.
  const tempDir = await mkdtemp(join(tmpdir(), "llm-anywhere-conformance-")).catch((error: unknown) => error as Error);
  try {
    const kinds: Array<[string, () => ReturnType<Llm["createMemoryStorage"]>]> = [
      ["memory", () => sdk.createMemoryStorage()],
      [
        "fs",
        () => {
          if (typeof tempDir !== "string") throw new Error(`could not make a temporary directory: ${describeError(tempDir)}`);
          return createFsStorage({ dir: tempDir });
        },
      ],
    ];
    for (const [kind, make] of kinds) {
      await check(`storage ${kind}: set/get/keys/delete`, async () => {
        const storage = make();
        await storage.set("conformance/a", { n: 1, list: ["x", "ü"] });
        await storage.set("conformance/nested/b", "two");
        await storage.set("other/c", 3);
        assertEqual(await storage.get("conformance/a"), { n: 1, list: ["x", "ü"] }, "get a");
        assertEqual(await storage.get("conformance/nested/b"), "two", "get b");
        assertEqual(await storage.get("conformance/missing"), undefined, "get missing");
        assertEqual((await storage.keys("conformance/")).sort(), ["conformance/a", "conformance/nested/b"], "keys(prefix)");
        await storage.delete("conformance/a");
        await storage.delete("conformance/never-there");
        assertEqual(await storage.get("conformance/a"), undefined, "get after delete");
        assertEqual((await storage.keys("conformance/")).sort(), ["conformance/nested/b"], "keys after delete");
        if (kind === "fs") assertEqual(await make().get("conformance/nested/b"), "two", "a second fs storage over the same dir");
      });

      await check(`storage ${kind}: setKey/listKeys`, async () => {
        const storage = make();
        await sdk.configure({ storage, log: false, fetch: undefined });
        await sdk.setKey("conformance", "sk-stored-1");
        await sdk.setKey("another", "sk-stored-2");
        assertEqual(await sdk.listKeys(), ["another", "conformance"], "listKeys");
        assertEqual(await sdk.getKey("conformance"), "sk-stored-1", "getKey");
        if (kind === "fs") {
          const keysFile = join(tempDir as string, "keys.json");
          const keysJson = JSON.parse(await readFile(keysFile, "utf8"));
          assertEqual(keysJson.conformance, "sk-stored-1", "keys.json entry");
          const mode = (await stat(keysFile)).mode & 0o777;
          assertEqual(mode.toString(8), "600", "keys.json mode");
        }
      });

      await check(`storage ${kind}: log a conversation, loadConversation continues it`, async () => {
        const storage = make();
        await sdk.configure({ storage, log: true, fetch: () => Promise.reject(new Error("echo must not fetch")) });
        const conversation = sdk.getModel("echo").conversation();
        const first = conversation.prompt("Five facts about pelicans");
        await first.text();
        await first.logged;
        const second = conversation.prompt("Same with pangolins");
        await second.text();
        await second.logged;
        // A "restart": a new storage object over the same data.
        await sdk.configure({ storage: kind === "fs" ? make() : storage, log: true });
        const loaded = await sdk.loadConversation(conversation.id);
        assertEqual(loaded.id, conversation.id, "conversation id");
        assertEqual(loaded.responses.length, 2, "restored responses");
        const next = loaded.prompt("And armadillos?");
        assertEqual((await echoed(next)).previous, [{ prompt: "Five facts about pelicans" }, { prompt: "Same with pangolins" }], "history sent");
        await next.logged;
        const entries = await sdk.logs.list({ conversationId: conversation.id });
        assertEqual(entries.map((entry) => entry.prompt), ["And armadillos?", "Same with pangolins", "Five facts about pelicans"], "logged prompts");
        await sdk.configure({ log: false });
      });
    }
  } finally {
    await sdk.configure({ log: false }).catch(() => {});
    if (typeof tempDir === "string") await rm(tempDir, { recursive: true, force: true });
  }

  // (e) the key from the runtime's environment (package.json `#runtime`)
  await check("keys: OPENAI_API_KEY from the runtime's environment is sent", async () => {
    assert(body, "no fixture");
    const request = await replayCheck(replayFetch(body), {});
    assertEqual(request.headers.authorization, `Bearer ${envKey}`, "authorization header (run with OPENAI_API_KEY=sk-conformance-env-key)");
  });
}

try {
  await main();
} catch (error) {
  results.push({ name: "conformance script", ok: false, error: describeError(error) });
}
console.log(JSON.stringify({ runtime: runtimeName(), results }));
