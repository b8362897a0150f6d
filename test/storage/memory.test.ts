import { createMemoryStorage } from "../../src/storage/memory.ts";
import { describeContract } from "./describe-contract.ts";

describeContract("memory", () => createMemoryStorage());
