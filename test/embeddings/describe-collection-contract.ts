import { describe, it } from "vitest";
import type { Storage } from "../../src/spec/storage.ts";
import { collectionContract, registerTestEmbeddings, type CollectionResult } from "./collection-contract.ts";

/** Registers the collection contract as vitest cases, each on a fresh storage from `make`. */
export function describeCollectionContract(name: string, make: () => Storage | Promise<Storage>): void {
  describe(`${name}: collection contract`, () => {
    registerTestEmbeddings();
    for (const { name: caseName, run } of collectionContract) it(caseName, async () => run(await make()), 30_000);
  });
}

/** Registers results computed elsewhere (Chromium, workerd) as vitest cases, one per contract case. */
export function describeCollectionContractResults(name: string, results: () => Promise<CollectionResult[]>): void {
  describe(`${name}: collection contract`, () => {
    let all: Promise<CollectionResult[]> | undefined;
    for (const { name: caseName } of collectionContract) {
      it(caseName, async () => {
        all ??= results();
        const result = (await all).find((entry) => entry.name === caseName);
        if (!result) throw new Error(`${name} did not run "${caseName}"`);
        if (!result.ok) throw new Error(`${name}: ${result.error}`);
      }, 120_000);
    }
  });
}
