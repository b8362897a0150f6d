/**
 * Runs the storage contract inside workerd on the real (miniflare-local) KV
 * binding `KV`. `arg.case` names one contract case; each case gets its own
 * prefix, so cases never see each other's keys.
 */
import { createCloudflareKVStorage, type KVNamespaceLike } from "llm-anywhere/storage/cloudflare-kv";
import { runContract, type ContractResult } from "../contract.ts";

export async function run(env: { KV: KVNamespaceLike }, arg: { case: string; prefix: string }): Promise<ContractResult[]> {
  return runContract(
    () => createCloudflareKVStorage(env.KV, { prefix: arg.prefix }),
    (name) => name === arg.case,
  );
}
