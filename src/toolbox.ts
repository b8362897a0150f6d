import { ToolError } from "./errors.ts";
import type { SchemaInput } from "./json-schema.ts";
import { Tool, type ToolCall } from "./tool.ts";

/** How a toolbox method is described to the model. */
export interface ToolboxMethod {
  description?: string | undefined;
  /** The method's single argument: a zod schema, any Standard JSON Schema, or a JSON Schema object. */
  parameters?: SchemaInput | undefined;
}

export interface AddToolOptions {
  /**
   * Call the function with the toolbox as `this` (use a `function`, not an arrow function).
   * @default false
   */
  passSelf?: boolean | undefined;
  /** @default the function's own name */
  name?: string | undefined;
  description?: string | undefined;
  parameters?: SchemaInput | undefined;
}

/** The toolbox's own API: never tools. */
const reserved = new Set(["constructor", "addTool", "tools", "prepare"]);

/**
 * A class whose public methods are tools, named `<ClassName>_<method>` and
 * sorted by name; methods starting with `_` are private. Instances keep
 * their state between calls.
 *
 * Each method takes one argument, an object of the model's arguments,
 * described in the static `methods` map. Minifiers rename classes, so a
 * toolbox used in a browser bundle should set `static toolboxName`.
 * @example
 * class Memory extends llm.Toolbox {
 *   static override toolboxName = "Memory";
 *   static override methods = {
 *     set: { description: "Set something as a key", parameters: z.object({ key: z.string(), value: z.string() }) },
 *   };
 *   #memory = new Map<string, string>();
 *   set({ key, value }: { key: string; value: string }) { this.#memory.set(key, value); }
 * }
 */
export class Toolbox {
  /** The prefix of its tool names; set it when the code is minified. @default the class name */
  static toolboxName: string | undefined;
  /** Descriptions and argument schemas of the methods, by method name. */
  static methods: Readonly<Record<string, ToolboxMethod>> = {};

  #added: Tool[] = [];
  #methodTools: Tool[] | undefined;
  #prepared: Promise<void> | undefined;

  /**
   * Runs once, before the toolbox is first used (before the first request
   * that lists its tools); may be async and may call `addTool()`, e.g. to
   * ask a server which tools it has.
   */
  prepare(): void | Promise<void> {}

  /** Adds a tool under its own (unprefixed) name: a `Tool`, or a function described by `options`. */
  addTool(fnOrTool: Tool<any> | ((args: any, toolCall: ToolCall) => unknown), options: AddToolOptions = {}): this {
    if (fnOrTool instanceof Tool) {
      this.#added.push(fnOrTool);
      return this;
    }
    if (typeof fnOrTool !== "function") throw new ToolError("Tool must be a Tool (from llm.tool()) or a function");
    const name = options.name ?? fnOrTool.name;
    if (!name) throw new ToolError("A tool made from an anonymous function needs a name: addTool(fn, { name })");
    const self = this;
    this.#added.push(
      new Tool({
        name,
        description: options.description,
        parameters: options.parameters,
        execute: options.passSelf ? (args, call) => fnOrTool.call(self, args, call) : (args, call) => fnOrTool(args, call),
      }),
    );
    return this;
  }

  /** Its tools: the methods (prefixed, by name), then the added ones. */
  tools(): Tool[] {
    return [...(this.#methodTools ??= this.#collectMethods()), ...this.#added];
  }

  /** Runs `prepare()` once, however many callers ask. @internal */
  ensurePrepared(): Promise<void> {
    return (this.#prepared ??= Promise.resolve().then(() => this.prepare()));
  }

  #collectMethods(): Tool[] {
    const type = this.constructor as typeof Toolbox;
    const prefix = type.toolboxName ?? type.name;
    const names = new Set<string>();
    for (let proto = Object.getPrototypeOf(this); proto && proto !== Toolbox.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name.startsWith("_") || reserved.has(name)) continue;
        if (typeof Object.getOwnPropertyDescriptor(proto, name)?.value === "function") names.add(name);
      }
    }
    return [...names].sort().map((method) => {
      const described = type.methods[method] ?? {};
      const fn = (this as unknown as Record<string, (args: unknown, call: ToolCall) => unknown>)[method]!;
      return new Tool({
        name: `${prefix}_${method}`,
        description: described.description,
        parameters: described.parameters,
        execute: (args, call) => fn.call(this, args, call),
      });
    });
  }
}
