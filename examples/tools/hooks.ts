// The seed's before_call / after_call example: log each call, cancel the ones with "bad".
import * as llm from "llm-anywhere";
import * as z from "zod";
import { ask, model } from "./pick-model.ts";

const upper = llm.tool({
  name: "upper",
  description: "Convert text to uppercase.",
  parameters: z.object({ text: z.string() }),
  execute: ({ text }) => text.toUpperCase(),
});

const chain = model.chain(
  ask("Convert panda to upper and badger to upper", [
    { name: "upper", arguments: { text: "panda" } },
    { name: "upper", arguments: { text: "badger" } },
  ]),
  {
    tools: [upper],
    beforeCall(tool, toolCall) {
      console.log(`About to call tool ${tool?.name} with arguments ${JSON.stringify(toolCall.arguments)}`);
      if (tool?.name === "upper" && JSON.stringify(toolCall.arguments).includes("bad")) {
        throw new llm.CancelToolCall("Not allowed to call upper on text containing 'bad'");
      }
    },
    afterCall(tool, toolCall, toolResult) {
      console.log(`Tool ${tool.name} called with arguments ${JSON.stringify(toolCall.arguments)} returned ${toolResult.output}`);
    },
  },
);
console.log(await chain.text());
