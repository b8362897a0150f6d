import { describe, expect, it } from "vitest";
import { StorageError } from "../../src/errors.ts";
import { parseExtraOpenAIModels } from "../../src/storage/extra-openai-models.ts";

function failure(text: string): string {
  try {
    parseExtraOpenAIModels(text, "/home/ann/.config/io.datasette.llm/extra-openai-models.yaml");
  } catch (error) {
    expect(StorageError.is(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected a StorageError");
}

describe("parseExtraOpenAIModels", () => {
  it("reads the shapes the Python llm's documentation shows (LocalAI, Ollama, OpenRouter)", () => {
    const yaml = `# Models on OpenAI-compatible servers
- model_id: orca-openai-compat
  model_name: orca-mini-3b.ggmlv3
  api_base: "http://localhost:8080"

- model_id: llama3.2-local      # Ollama
  model_name: llama3.2:latest
  api_base: http://localhost:11434/v1
  supports_tools: true
  supports_schema: yes
  aliases:
    - local
    - ollama-llama

- model_id: openrouter-kimi
  model_name: moonshotai/kimi-k2
  api_base: 'https://openrouter.ai/api/v1'
  api_key_name: openrouter
  headers:
    HTTP-Referer: "https://llm.datasette.io/"
    X-Title: LLM
  aliases: ["kimi", 'or-kimi']
  vision: True
  audio: off
  can_stream: false
  completion: false
`;
    expect(parseExtraOpenAIModels(yaml)).toEqual([
      { modelId: "orca-openai-compat", modelName: "orca-mini-3b.ggmlv3", apiBase: "http://localhost:8080" },
      {
        modelId: "llama3.2-local",
        modelName: "llama3.2:latest",
        apiBase: "http://localhost:11434/v1",
        supportsTools: true,
        supportsSchema: true,
        aliases: ["local", "ollama-llama"],
      },
      {
        modelId: "openrouter-kimi",
        modelName: "moonshotai/kimi-k2",
        apiBase: "https://openrouter.ai/api/v1",
        keyName: "openrouter",
        headers: { "HTTP-Referer": "https://llm.datasette.io/", "X-Title": "LLM" },
        aliases: ["kimi", "or-kimi"],
        vision: true,
        audio: false,
        canStream: false,
      },
    ]);
  });

  it("reads indented lists, compact lists under a key, flow mappings and `-` on its own line", () => {
    const yaml = `---
  - model_id: azure-gpt4
    model_name: gpt-4-32k
    api_base: https://example.openai.azure.com/openai/deployments/gpt4
    api_key_name: azure
    headers: {api-version: 2024-02-01, "X-Trace": 'on', Referer: http://x.test:8080/a}
    aliases:
    - azure-gpt4o
    - "azure:4"
  -
    model_id: "lm-studio"
    api_base: "http://127.0.0.1:1234/v1"
...
ignored: after the document end
`;
    expect(parseExtraOpenAIModels(yaml)).toEqual([
      {
        modelId: "azure-gpt4",
        modelName: "gpt-4-32k",
        apiBase: "https://example.openai.azure.com/openai/deployments/gpt4",
        keyName: "azure",
        headers: { "api-version": "2024-02-01", "X-Trace": "on", Referer: "http://x.test:8080/a" },
        aliases: ["azure-gpt4o", "azure:4"],
      },
      { modelId: "lm-studio", apiBase: "http://127.0.0.1:1234/v1" },
    ]);
  });

  it("keeps numbers as strings, reads quoting and escapes, and ignores nulls and unknown fields", () => {
    const yaml = [
      "- model_id: 3.10",
      "  model_name: \"tab\\there \\\"q\\\" \\u00e9\\x41\\U0001F426 \\\\ #not a comment\"",
      "  api_base: 'it''s # here'",
      "  api_key_name: ~",
      "  headers:",
      "  aliases: []",
      "  extra: {nested: [1, 2]}",
      "  plain: a#b",
    ].join("\r\n");
    expect(parseExtraOpenAIModels(yaml)).toEqual([{ modelId: "3.10", modelName: 'tab\there "q" éA🐦 \\ #not a comment', apiBase: "it's # here", aliases: [] }]);
  });

  it("an empty file (or only comments) has no models", () => {
    expect(parseExtraOpenAIModels("")).toEqual([]);
    expect(parseExtraOpenAIModels("# nothing yet\n\n")).toEqual([]);
    expect(parseExtraOpenAIModels("\uFEFF[]\n")).toEqual([]);
  });

  it("a later duplicate field wins, as in PyYAML", () => {
    expect(parseExtraOpenAIModels("- model_id: a\n  model_id: b\n")).toEqual([{ modelId: "b" }]);
  });

  it("says which file and line it cannot read, and why", () => {
    const cases: [string, RegExp][] = [
      ["model_id: x\n", /line 1: expected a list of models/],
      ["- model_id: a\n- just-a-string\n", /line 2: expected a model/],
      ["- model_name: no-id\n", /line 1: every model needs a model_id/],
      ["- model_id: a\n  supports_tools: maybe\n", /line 2: supports_tools must be true or false/],
      ['- model_id: a\n  vision: "true"\n', /line 2: vision must be true or false \(without quotes\)/],
      ["- model_id: a\n  aliases: one\n", /line 2: aliases must be a list/],
      ["- model_id: a\n  headers: [x]\n", /line 2: headers must be a mapping/],
      ["- model_id: a\n  aliases: [a, [b]]\n", /line 2: aliases must be a single value/],
      ["- model_id: a\n\t- api_base: x\n", /line 2: tabs cannot indent/],
      ["- model_id: a\n  api_base: &base http://x\n", /line 2: anchors, aliases, tags and block scalars/],
      ["- model_id: a\n  model_name: |\n    text\n", /line 2: anchors, aliases, tags and block scalars/],
      ['- model_id: "a\n', /line 1: missing closing "/],
      ["- model_id: a\n  aliases: [a, b\n", /line 2: missing \]/],
      ["- model_id: a\n  aliases: [a, , b]\n", /line 2: empty item/],
      ["- model_id: a\n  model_name: x: y\n", /line 2: quote values that contain ": "/],
      ["- model_id: a\n     api_base: x\n", /line 2: unexpected indentation/],
      ["- model_id: a\n  api_base: x\n nope: 1\n", /line 3: unexpected indentation/],
      ["- model_id: a\nnope: 1\n", /line 2: unexpected content/],
      ["- model_id: a\n  just text\n", /line 2: expected `key: value`/],
      ['- model_id: "a\\q"\n', /line 1: unknown escape \\q/],
      ['- model_id: "\\u12"\n', /line 1: bad \\u escape/],
      ["- model_id: a\n  headers: {a b}\n", /line 2: expected `key: value` inside \{ \}/],
      ["- model_id: 'a' trailing\n", /line 1: unexpected "trailing" after a value/],
      ["--- !tagged\n- model_id: a\n", /line 1: YAML directives/],
    ];
    for (const [yaml, expected] of cases) {
      const message = failure(yaml);
      expect(message, yaml).toMatch(expected);
      expect(message).toContain("/home/ann/.config/io.datasette.llm/extra-openai-models.yaml, line ");
    }
  });
});
