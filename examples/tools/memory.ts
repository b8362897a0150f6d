// The seed's Memory toolbox: key/value memory that keeps its state across a conversation.
import * as llm from "llm-anywhere";
import { Memory } from "./memory-toolbox.ts";
import { ask, model } from "./pick-model.ts";

const memory = new Memory();
const conversation = model.conversation({ tools: [memory] });
const afterCall: llm.AfterCall = (tool, toolCall, result) =>
  console.log(`[${tool.name}(${JSON.stringify(toolCall.arguments)}) -> ${result.output}]`);

await conversation.chain(ask("Set name to Simon", [{ name: "Memory_set", arguments: { key: "name", value: "Simon" } }]), { afterCall }).text();
console.log("memory:", JSON.stringify(memory._memory));
await conversation.chain(ask("Set name to Penguin", [{ name: "Memory_set", arguments: { key: "name", value: "Penguin" } }]), { afterCall }).text();
console.log("memory:", JSON.stringify(memory._memory));
await conversation.chain(ask("Print current name", [{ name: "Memory_get", arguments: { key: "name" } }]), { afterCall }).text();
