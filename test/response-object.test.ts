/**
 * Schemas through `model.prompt()` and `response.object()`.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as zm from "zod/mini";
import * as llm from "../src/index.ts";
import { scriptedAdapter, textParts } from "./helpers/scripted-adapter.ts";

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage() });
});

/** A model with schema support that answers `text` (in two chunks). */
function answering(text: string, overrides: Partial<llm.ModelAdapter> = {}) {
  const half = Math.floor(text.length / 2);
  const { adapter, calls } = scriptedAdapter(
    { parts: textParts(text.slice(0, half), text.slice(half)) },
    { keyName: undefined, keyEnvVar: undefined, supportsSchema: true, ...overrides },
  );
  return { model: new llm.Model(adapter), calls };
}

const Dog = z.object({ name: z.string(), age: z.number().int(), tricks: z.array(z.string()).default([]) });

describe("prompt(..., { schema })", () => {
  it("a model without supportsSchema throws at prompt() time: `<model> does not support schemas`", () => {
    const { model, calls } = answering("{}", { supportsSchema: false });
    expect(() => model.prompt("x", { schema: Dog })).toThrow(new llm.ConfigurationError("Scripted: scripted does not support schemas"));
    expect(() => llm.getModel("gpt-3.5-turbo").prompt("x", { schema: { type: "object" } })).toThrow(
      "OpenAI Chat: gpt-3.5-turbo does not support schemas",
    );
    expect(calls).toHaveLength(0);
  });

  it("sends a zod schema as JSON Schema, and a JSON Schema object (or schemaDsl's) as is", async () => {
    const { model, calls } = answering('{"name": "Rex", "age": 3}');
    const response = model.prompt("A dog", { schema: Dog });
    expect(response.schema).toBe(Dog);
    await response.text();
    expect(calls[0]!.schema).toEqual({
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer", minimum: expect.any(Number), maximum: expect.any(Number) }, tricks: { default: [], type: "array", items: { type: "string" } } },
      required: ["name", "age"],
    });
    expect(calls[0]!.schema).not.toHaveProperty("$schema");
    const plain = { type: "object", properties: { name: { type: "string", title: "Name" } }, required: ["name"], title: "Dog" };
    await model.prompt("A dog", { schema: plain }).text();
    expect(calls[1]!.schema).toBe(plain);
    const dsl = llm.schemaDsl("name, age int", { multi: true });
    await model.prompt("Dogs", { schema: dsl }).text();
    expect(calls[2]!.schema).toBe(dsl);
    await model.prompt("No schema").text();
    expect(calls[3]!.schema).toBeUndefined();
  });

  it("a schema that cannot describe itself (zod/mini) is a clear error at prompt() time", () => {
    const { model } = answering("{}");
    expect(() => model.prompt("x", { schema: zm.object({ name: zm.string() }) })).toThrow(/cannot give its JSON Schema.*zod\/mini/);
  });
});

describe("response.object()", () => {
  it("parses the answer and validates it with the zod schema: its output, defaults applied", async () => {
    const { model } = answering('{"name": "Rex", "age": 3}');
    const dog = await model.prompt("A dog", { schema: Dog }).object();
    expect(dog).toEqual({ name: "Rex", age: 3, tricks: [] });
  });

  it("an answer that does not match throws SchemaError with the raw text and where it went wrong", async () => {
    const text = '{"name": "Rex", "age": "three"}';
    const { model } = answering(text);
    const response = model.prompt("A dog", { schema: Dog });
    const error = (await response.object().catch((e: unknown) => e)) as llm.SchemaError;
    expect(llm.SchemaError.is(error)).toBe(true);
    expect(error.message).toMatch(/^The answer does not match the schema: age: /);
    expect(error.text).toBe(text);
    // The text itself is still there.
    expect(await response.text()).toBe(text);
  });

  it("nested paths are joined with dots", async () => {
    const Pack = z.object({ dogs: z.array(z.object({ name: z.string() })) });
    const { model } = answering('{"dogs": [{"name": "a"}, {"name": 2}]}');
    await expect(model.prompt("x", { schema: Pack }).object()).rejects.toThrow(/^The answer does not match the schema: dogs\.1\.name: /);
  });

  it("an answer that is not JSON throws SchemaError with the raw text", async () => {
    const text = "Sorry, I can't do that.";
    const { model } = answering(text);
    const error = (await model.prompt("A dog", { schema: Dog }).object().catch((e: unknown) => e)) as llm.SchemaError;
    expect(llm.SchemaError.is(error)).toBe(true);
    expect(error.message).toMatch(/^The answer is not JSON \(/);
    expect(error.text).toBe(text);
  });

  it("a plain JSON Schema is not validated here: the parsed JSON", async () => {
    const { model } = answering('{"name": 5}');
    expect(await model.prompt("x", { schema: { type: "object", properties: { name: { type: "string" } } } }).object()).toEqual({ name: 5 });
  });

  it("without a schema: the parsed JSON (e.g. with the json_object option)", async () => {
    const { model } = answering("[1, 2]");
    expect(await model.prompt("x").object()).toEqual([1, 2]);
  });

  it("works with any Standard Schema, also an asynchronous one", async () => {
    const { model } = answering('{"n": 2}');
    const doubled = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: async (value: unknown) => ({ value: { n: (value as { n: number }).n * 2 } }),
        jsonSchema: { input: () => ({ type: "object" }), output: () => ({ type: "object" }) },
        types: undefined as unknown as { input: unknown; output: { n: number } },
      },
    };
    const n: number = (await model.prompt("x", { schema: doubled }).object()).n;
    expect(n).toBe(4);
    expect(await model.prompt("x", { schema: doubled }).object()).toEqual({ n: 4 });
  });

  it("echo takes a schema, so schema prompts run without a key: a raw JSON answer", async () => {
    const answer = JSON.stringify({ name: "Pixel", age: 2, tricks: ["sit"] });
    const dog = await llm.getModel("echo").prompt(JSON.stringify({ raw: answer }), { schema: Dog }).object();
    expect(dog).toEqual({ name: "Pixel", age: 2, tricks: ["sit"] });
  });
});
