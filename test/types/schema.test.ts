// Type tests: `npm run typecheck` compiles this file; a broken inference fails the build.
// The prompts are never consumed, so nothing is sent.
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import * as llm from "../../src/index.ts";

const Dog = z.object({ name: z.string(), age: z.number().int(), tricks: z.array(z.string()).default([]) });

describe("types", () => {
  it("response.object() is typed by a zod schema's output", () => {
    const response = llm.getModel("gpt-4o-mini").prompt("A dog", { schema: Dog });
    expectTypeOf(response.object).returns.toEqualTypeOf<Promise<z.output<typeof Dog>>>();
    expectTypeOf(response.object).returns.resolves.toHaveProperty("tricks").toEqualTypeOf<string[]>();
    expectTypeOf(response).toEqualTypeOf<llm.Response<z.output<typeof Dog>>>();
    expect(response).toBeInstanceOf(llm.Response);
  });

  it("is unknown without a schema, a record for a JSON Schema object", () => {
    const model = llm.getModel("gpt-4o-mini");
    expectTypeOf(model.prompt("x").object).returns.toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(model.prompt("x", { system: "s" }).object).returns.toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(model.prompt("x", { schema: { type: "object" } }).object).returns.toEqualTypeOf<Promise<Record<string, unknown>>>();
    expectTypeOf(model.prompt("x", { schema: llm.schemaDsl("name") }).object).returns.toEqualTypeOf<Promise<Record<string, unknown>>>();
  });

  it("a typed response is still a Response where one is expected", () => {
    const typed = llm.getModel("gpt-4o-mini").prompt("A dog", { schema: Dog });
    const plain: llm.Response = typed;
    const responses: llm.Response[] = [typed, llm.getModel("gpt-4o-mini").prompt("x")];
    typed.onDone((response) => expectTypeOf(response).toEqualTypeOf<llm.Response>());
    expect(responses[0]).toBe(plain);
  });

  it("attachments and fragments take what they should", () => {
    expectTypeOf(llm.attachment).parameter(0).toEqualTypeOf<llm.AttachmentInit>();
    expectTypeOf<Blob>().toExtend<llm.AttachmentContent>();
    expectTypeOf<Uint8Array>().toExtend<llm.AttachmentContent>();
    expectTypeOf<ArrayBuffer>().toExtend<llm.AttachmentContent>();
    expectTypeOf(llm.fragment("text", { source: "a.txt" })).toEqualTypeOf<llm.Fragment>();
    expectTypeOf<llm.PromptOptions>().toHaveProperty("fragments").toEqualTypeOf<readonly llm.FragmentLike[] | undefined>();
  });
});
