import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as llm from "../src/index.ts";
import { promptText, systemText } from "../src/prompt-text.ts";
import { scriptedAdapter, textParts } from "./helpers/scripted-adapter.ts";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

beforeEach(async () => {
  await llm.configure({ env: {}, storage: llm.createMemoryStorage(), fetch: () => Promise.reject(new Error("no requests here")) });
});

describe("llm.fragment", () => {
  it("has its text, source and id (the sha256 of the UTF-8 text, as the Python library)", async () => {
    const fragment = llm.fragment("Pelicans ✓ 🐘", { source: "notes.txt" });
    expect(fragment.text).toBe("Pelicans ✓ 🐘");
    expect(fragment.source).toBe("notes.txt");
    expect(await fragment.id()).toBe(sha256("Pelicans ✓ 🐘"));
    expect(await llm.fragment("").id()).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(String(fragment)).toBe("Pelicans ✓ 🐘");
    expect(`${fragment}!`).toBe("Pelicans ✓ 🐘!");
    expect(llm.fragment("x").source).toBeUndefined();
    expect(fragment.id()).toBe(fragment.id());
  });
});

describe("joining fragments, as the Python library does", () => {
  it("prompt: the fragments then the prompt, by newlines; an empty prompt left out", () => {
    expect(promptText(["F1", "F2"], "Q")).toBe("F1\nF2\nQ");
    expect(promptText([llm.fragment("F1"), "F2"], "")).toBe("F1\nF2");
    expect(promptText(["F1"], undefined)).toBe("F1");
    expect(promptText([], "Q")).toBe("Q");
    expect(promptText([], undefined)).toBe("");
    // Fragments themselves are not trimmed or dropped.
    expect(promptText(["", " F "], "Q")).toBe("\n F \nQ");
  });

  it("system: system fragments then the system prompt, each trimmed, blanks dropped, by blank lines", () => {
    expect(systemText([" SF1 ", "SF2"], "S")).toBe("SF1\n\nSF2\n\nS");
    expect(systemText(["", "  ", llm.fragment("\nSF\n")], undefined)).toBe("SF");
    expect(systemText([], "  S  ")).toBe("S");
    expect(systemText([], undefined)).toBe("");
  });
});

describe("prompt(..., { fragments, systemFragments })", () => {
  function model() {
    const { adapter, calls } = scriptedAdapter({ parts: textParts("ok") }, { keyName: undefined, keyEnvVar: undefined });
    return { model: new llm.Model(adapter), calls };
  }

  it("sends the joined prompt and system, and keeps the fragments on the response", async () => {
    const { model: m, calls } = model();
    const readme = llm.fragment("README text", { source: "README.md" });
    const response = m.prompt("Q", { fragments: [readme, "F2"], systemFragments: [" SF1 ", "SF2"], system: "S" });
    expect(response.prompt).toBe("README text\nF2\nQ");
    expect(response.fragments).toEqual([readme, "F2"]);
    expect(response.systemFragments).toEqual([" SF1 ", "SF2"]);
    await response.text();
    expect(calls[0]!.messages).toEqual([
      { role: "system", parts: [{ type: "text", text: "SF1\n\nSF2\n\nS" }] },
      { role: "user", parts: [{ type: "text", text: "README text\nF2\nQ" }] },
    ]);
  });

  it("fragments alone make the prompt; system fragments alone the system prompt", async () => {
    const { model: m, calls } = model();
    await m.prompt(undefined, { fragments: ["only"], systemFragments: ["sys"] }).text();
    expect(calls[0]!.messages).toEqual([
      { role: "system", parts: [{ type: "text", text: "sys" }] },
      { role: "user", parts: [{ type: "text", text: "only" }] },
    ]);
    const response = m.prompt("hi");
    expect(response.fragments).toEqual([]);
    expect(response.systemFragments).toEqual([]);
  });

  it("echo shows what was sent (the Python library's run: F1, F2, Q and SF1, SF2, S)", async () => {
    const info = JSON.parse(
      await llm.getModel("echo").prompt("Q", { fragments: ["F1", "F2"], systemFragments: [" SF1 ", "SF2"], system: "S" }).text(),
    );
    expect(info.prompt).toBe("F1\nF2\nQ");
    expect(info.system).toBe("SF1\n\nSF2\n\nS");
  });
});
