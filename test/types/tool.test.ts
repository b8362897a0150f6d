// Type tests: `npm run typecheck` compiles this file; a broken inference fails the build
// (an unused @ts-expect-error is an error). The runtime assertions only keep vitest happy.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../../src/index.ts";

describe("types", () => {
  it("infers a tool's execute argument from its zod schema", () => {
    const upper = llm.tool({
      name: "upper",
      parameters: z.object({ text: z.string(), times: z.number().optional() }),
      execute: ({ text, times }) => {
        const asString: string = text;
        const maybe: number | undefined = times;
        // @ts-expect-error text is a string, not a number
        const wrong: number = text;
        return `${asString}${maybe ?? ""}${String(wrong)}`;
      },
    });
    const typed: llm.Tool<{ text: string; times?: number | undefined }> = upper;
    expect(typed.name).toBe("upper");
  });

  it("gives a plain JSON Schema tool a record of unknowns", () => {
    const plain = llm.tool({
      name: "plain",
      parameters: { type: "object", properties: { q: { type: "string" } } },
      execute: (args) => {
        const value: unknown = args.q;
        // @ts-expect-error an unknown is not a string without a check
        const text: string = args.q;
        return String(value) + text;
      },
    });
    expect(plain.parameters).toEqual({ type: "object", properties: { q: { type: "string" } } });
  });
});
