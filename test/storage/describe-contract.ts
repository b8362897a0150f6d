import { describe, it } from "vitest";
import type { Storage } from "../../src/spec/storage.ts";
import { storageContract, type ContractResult } from "./contract.ts";

/** Registers the storage contract as vitest cases, each on a fresh storage from `make`. */
export function describeContract(name: string, make: () => Storage | Promise<Storage>, options: { except?: Record<string, string> } = {}): void {
  describe(`${name}: storage contract`, () => {
    for (const { name: caseName, run } of storageContract) {
      // `except` maps a case to the reason it cannot hold for this backend (tested separately).
      if (options.except?.[caseName]) it.skip(`${caseName} (${options.except[caseName]})`, () => {});
      else it(caseName, async () => run(await make()), 30_000);
    }
  });
}

/**
 * Registers results computed elsewhere (in Chromium, in workerd) as vitest
 * cases, one per contract case, so a failure names the case and the runtime.
 */
export function describeContractResults(name: string, results: () => Promise<ContractResult[]>): void {
  describe(`${name}: storage contract`, () => {
    let all: Promise<ContractResult[]> | undefined;
    for (const { name: caseName } of storageContract) {
      it(caseName, async () => {
        all ??= results();
        const result = (await all).find((entry) => entry.name === caseName);
        if (!result) throw new Error(`${name} did not run "${caseName}"`);
        if (!result.ok) throw new Error(`${name}: ${result.error}`);
      }, 120_000);
    }
  });
}
