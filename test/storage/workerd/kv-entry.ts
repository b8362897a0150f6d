/**
 * Single checks of the Cloudflare KV storage inside workerd, on the KV
 * binding `KV`; `arg.task` picks one. Errors are returned as `{ name, code,
 * message }` rather than thrown, so the test sees exactly what user code sees.
 */
import { isLlmError } from "llm-anywhere";
import { createCloudflareKVStorage, type KVNamespaceLike } from "llm-anywhere/storage/cloudflare-kv";

interface Env {
  KV: KVNamespaceLike;
}

type Task =
  | { task: "write"; prefix?: string; key: string; value: unknown }
  | { task: "read"; prefix?: string; key: string }
  | { task: "keys"; prefix?: string; keyPrefix?: string }
  | { task: "prefixes" }
  | { task: "long-key"; bytes: number };

async function caught(operation: () => Promise<unknown>) {
  try {
    return { ok: true, value: (await operation()) ?? null };
  } catch (error) {
    return {
      ok: false,
      name: error instanceof Error ? error.name : "NonError",
      code: isLlmError(error) ? error.code : null,
      message: error instanceof Error ? error.message : String(error),
      cause: error instanceof Error && error.cause instanceof Error ? error.cause.message : null,
    };
  }
}

export async function run(env: Env, arg: Task): Promise<unknown> {
  switch (arg.task) {
    case "write":
      return caught(() => createCloudflareKVStorage(env.KV, { prefix: arg.prefix }).set(arg.key, arg.value));
    case "read":
      return caught(() => createCloudflareKVStorage(env.KV, { prefix: arg.prefix }).get(arg.key));
    case "keys":
      return caught(() => createCloudflareKVStorage(env.KV, { prefix: arg.prefix }).keys(arg.keyPrefix));
    case "prefixes": {
      // Two apps sharing one namespace, each with its own prefix.
      const first = createCloudflareKVStorage(env.KV, { prefix: "app-one/" });
      const second = createCloudflareKVStorage(env.KV, { prefix: "app-two/" });
      await first.set("keys/openai", "sk-one");
      await second.set("keys/openai", "sk-two");
      await second.set("aliases/mini", "gpt-4o-mini");
      const result = {
        firstGet: await first.get("keys/openai"),
        secondGet: await second.get("keys/openai"),
        firstKeys: (await first.keys()).sort(),
        secondKeys: (await second.keys()).sort(),
        firstAliases: await first.keys("aliases/"),
      };
      await first.delete("keys/openai");
      return { ...result, secondAfterFirstDeleted: await second.get("keys/openai"), firstAfterDelete: (await first.get("keys/openai")) ?? null };
    }
    case "long-key": {
      // Multi-byte characters: the limit is in UTF-8 bytes, not characters.
      const key = "é".repeat(arg.bytes / 2);
      return caught(() => createCloudflareKVStorage(env.KV, { prefix: "" }).set(key, 1));
    }
  }
}
