import type { Storage } from "../../src/spec/storage.ts";
import { describeContract, describeContractResults } from "../storage/describe-contract.ts";
import { collectionContract, registerTestEmbeddings, type CollectionResult } from "./collection-contract.ts";

const label = "collection contract";

/** Registers the collection contract as vitest cases, each on a fresh storage from `make`. */
export function describeCollectionContract(name: string, make: () => Storage | Promise<Storage>): void {
  registerTestEmbeddings();
  describeContract(name, make, { cases: collectionContract, label });
}

/** Registers results computed elsewhere (Chromium, workerd) as vitest cases, one per contract case. */
export function describeCollectionContractResults(name: string, results: () => Promise<CollectionResult[]>): void {
  describeContractResults(name, results, { cases: collectionContract, label });
}
