/**
 * The collection contract inside workerd on the real (miniflare-local) KV
 * binding `KV`: `arg.case` names one case (one request each, as a Worker
 * would see them), run under its own key prefix.
 */
import { createCloudflareKVStorage, type KVNamespaceLike } from "llm-anywhere/storage/cloudflare-kv";
import { runCollectionContract, type CollectionResult } from "../collection-contract.ts";

export async function run(env: { KV: KVNamespaceLike }, arg: { case: string; prefix: string }): Promise<CollectionResult[]> {
  return runCollectionContract(
    () => createCloudflareKVStorage(env.KV, { prefix: arg.prefix }),
    (name) => name === arg.case,
  );
}
