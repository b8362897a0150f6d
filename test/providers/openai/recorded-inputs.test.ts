/**
 * The recorded image-input and json_schema cases of `../shared/fixtures`:
 * the same conversation sent through `model.prompt()` must give the recorded
 * request body field by field (where the recording client, pydantic-ai,
 * differs from the Python llm library, the llm behaviour is asserted and the
 * difference named), and the recorded answer is read back.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import * as llm from "../../../src/index.ts";
import { loadFixtureCases, type FixtureCase } from "../../helpers/fixtures.ts";
import { chatRequestErrors } from "../../helpers/openai-spec.ts";
import { replayFetch } from "../../helpers/replay-fetch.ts";

const cases = loadFixtureCases("openai", "chat-completions");
const fixture = (name: string): FixtureCase => {
  const found = cases.find((kase) => kase.name === name);
  if (!found) throw new Error(`fixture ${name} is missing`);
  return found;
};

/** The history both recordings start with: a question, one tool call, its result. */
function toolTurn(question: string, callId: string, tool: string, output: string): llm.Message[] {
  return [
    { role: "user", parts: [{ type: "text", text: question }] },
    { role: "assistant", parts: [{ type: "tool-call", toolCallId: callId, name: tool, arguments: {} }] },
    { role: "tool", parts: [{ type: "tool-result", toolCallId: callId, name: tool, output }] },
  ];
}

beforeEach(async () => {
  await llm.configure({ env: { OPENAI_API_KEY: "sk-test" }, storage: llm.createMemoryStorage() });
});

describe("recorded: image-url-input-after-tool-gpt-5-mini", () => {
  const kase = fixture("image-url-input-after-tool-gpt-5-mini");
  const recorded = kase.request;

  it("sends the recorded messages: an image URL after the text, as is", async () => {
    const { fetch, requests } = replayFetch(kase.body, { contentType: kase.contentType });
    await llm.configure({ fetch });
    const [question, toolCall, toolResult] = recorded.messages;
    const image = llm.attachment({ url: recorded.messages[3].content[1].image_url.url });
    const response = llm.getModel("gpt-5-mini").prompt(recorded.messages[3].content[0].text, {
      messages: toolTurn(question.content, toolCall.tool_calls[0].id, toolCall.tool_calls[0].function.name, toolResult.content),
      attachments: [image],
      stream: recorded.stream,
    });
    expect(await response.text()).toBe(kase.facts.text);
    expect(await response.resolvedModel()).toBe(kase.facts.model);
    expect(requests).toHaveLength(1); // the image's type comes from its extension: no HEAD request
    const body = requests[0]!.body;
    expect(chatRequestErrors(body)).toEqual([]);
    expect(body.model).toBe(recorded.model);
    expect(body.stream).toBe(recorded.stream);
    expect(body.messages).toEqual(recorded.messages);
    // pydantic-ai also sent its tools and tool_choice "auto"; the Python llm library sends no tool_choice.
    expect(body.tool_choice).toBeUndefined();
  });
});

describe("recorded: json-schema-gpt-4o", () => {
  const kase = fixture("json-schema-gpt-4o");
  const recorded = kase.request;
  const history = () =>
    toolTurn(
      recorded.messages[0].content,
      recorded.messages[1].tool_calls[0].id,
      recorded.messages[1].tool_calls[0].function.name,
      recorded.messages[2].content,
    );

  async function send(schema: llm.SchemaInput) {
    const { fetch, requests } = replayFetch(kase.body, { contentType: kase.contentType });
    await llm.configure({ fetch });
    const response = llm.getModel("gpt-4o").prompt(undefined, { messages: history(), schema, stream: recorded.stream });
    expect(await response.object()).toEqual({ city: "Mexico City", country: "Mexico" });
    const body = requests[0]!.body;
    expect(chatRequestErrors(body)).toEqual([]);
    return body;
  }

  it("sends the recorded messages and schema as response_format json_schema named output", async () => {
    const body = await send(recorded.response_format.json_schema.schema);
    expect(body.model).toBe(recorded.model);
    expect(body.stream).toBe(recorded.stream);
    expect(body.messages[0]).toEqual(recorded.messages[0]);
    expect(body.messages[2]).toEqual(recorded.messages[2]);
    // The Python library sends `content: null` with tool calls (pydantic-ai leaves content out).
    expect(body.messages[1]).toEqual({ content: null, ...recorded.messages[1] });
    // The Python llm library's response_format: name "output" and no `strict` (pydantic-ai: "result", strict false).
    expect(body.response_format).toEqual({ type: "json_schema", json_schema: { name: "output", schema: recorded.response_format.json_schema.schema } });
  });

  it("a zod schema is sent as its JSON Schema, and response.object() gives the recorded answer, typed", async () => {
    const City = z.object({ city: z.string(), country: z.string() });
    const { fetch, requests } = replayFetch(kase.body, { contentType: kase.contentType });
    await llm.configure({ fetch });
    const response = llm.getModel("gpt-4o").prompt(undefined, { messages: history(), schema: City, stream: recorded.stream });
    const object = await response.object();
    const city: string = object.city;
    expect(city).toBe("Mexico City");
    expect(object).toEqual({ city: "Mexico City", country: "Mexico" });
    expect(object).toEqual(JSON.parse(kase.facts.text));
    // zod describes its input (extra keys allowed): exactly the recorded schema.
    expect(requests[0]!.body.response_format.json_schema.schema).toEqual(recorded.response_format.json_schema.schema);
  });
});
