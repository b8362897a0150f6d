import { describe, it } from "vitest";
import type { Storage } from "../../src/spec/storage.ts";
import { storageContract, type ContractCase, type ContractResult } from "./contract.ts";

export interface DescribeContractOptions {
  /** Maps a case to the reason it cannot hold for this backend (tested separately). */
  except?: Record<string, string>;
  /** The cases to run. @default storageContract */
  cases?: readonly ContractCase[];
  /** @default "storage contract" */
  label?: string;
}

/** Registers a contract (the storage contract unless `cases` says otherwise) as vitest cases, each on a fresh storage from `make`. */
export function describeContract(name: string, make: () => Storage | Promise<Storage>, options: DescribeContractOptions = {}): void {
  describe(`${name}: ${options.label ?? "storage contract"}`, () => {
    for (const { name: caseName, run } of options.cases ?? storageContract) {
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
export function describeContractResults(name: string, results: () => Promise<ContractResult[]>, options: Omit<DescribeContractOptions, "except"> = {}): void {
  describe(`${name}: ${options.label ?? "storage contract"}`, () => {
    let all: Promise<ContractResult[]> | undefined;
    for (const { name: caseName } of options.cases ?? storageContract) {
      it(caseName, async () => {
        all ??= results();
        const result = (await all).find((entry) => entry.name === caseName);
        if (!result) throw new Error(`${name} did not run "${caseName}"`);
        if (!result.ok) throw new Error(`${name}: ${result.error}`);
      }, 120_000);
    }
  });
}
