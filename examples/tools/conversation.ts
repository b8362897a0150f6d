// The seed's "conversations using tools" example: tools given once, used on every turn.
import * as llm from "llm-anywhere";
import * as z from "zod";
import { ask, model } from "./pick-model.ts";

const text = z.object({ text: z.string() });
const upper = llm.tool({ name: "upper", description: "convert text to upper case", parameters: text, execute: ({ text }) => text.toUpperCase() });
const reverse = llm.tool({ name: "reverse", description: "reverse text", parameters: text, execute: ({ text }) => [...text].reverse().join("") });

const conversation = model.conversation({ tools: [upper, reverse] });
console.log(
  await conversation
    .chain(ask("Convert panda to uppercase and reverse it", [{ name: "upper", arguments: { text: "panda" } }, { name: "reverse", arguments: { text: "PANDA" } }]))
    .text(),
);
console.log(
  await conversation
    .chain(ask("Same with pangolin", [{ name: "upper", arguments: { text: "pangolin" } }, { name: "reverse", arguments: { text: "PANGOLIN" } }]))
    .text(),
);
console.log(`${conversation.responses.length} responses in the conversation`);
