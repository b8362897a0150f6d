// The seed's key/value Memory toolbox, in TypeScript (used by memory.ts and the tests).
import * as llm from "llm-anywhere";
import * as z from "zod";

export class Memory extends llm.Toolbox {
  // Minifiers rename classes: the name used for tool names (Memory_get, ...) is set here.
  static override toolboxName = "Memory";
  static override methods = {
    set: { description: "Set something as a key", parameters: z.object({ key: z.string(), value: z.string() }) },
    get: { description: "Get something from a key", parameters: z.object({ key: z.string() }) },
    append: { description: "Append something as a key", parameters: z.object({ key: z.string(), value: z.string() }) },
    keys: { description: "Return a list of keys" },
  };

  _memory: Record<string, string> | undefined;

  _getMemory(): Record<string, string> {
    return (this._memory ??= {});
  }

  set({ key, value }: { key: string; value: string }) {
    this._getMemory()[key] = value;
  }

  get({ key }: { key: string }) {
    return this._getMemory()[key] ?? "";
  }

  append({ key, value }: { key: string; value: string }) {
    const memory = this._getMemory();
    memory[key] = `${memory[key] ?? ""}\n${value}`;
  }

  keys() {
    return Object.keys(this._getMemory());
  }
}
