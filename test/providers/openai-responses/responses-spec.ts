/**
 * Validates Responses API request bodies against OpenAI's OpenAPI
 * description (`#/components/schemas/CreateResponse`), the way
 * `test/helpers/openai-spec.ts` does for chat completions.
 *
 * One relaxation: `InputItem` is a `oneOf` whose branches overlap (a user
 * message with a content list is both an `EasyInputMessage` and an
 * `InputMessage`); the API picks one, so here it is an `anyOf`.
 */
import { readFileSync } from "node:fs";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import { openAISpecPath, rewriteNullable } from "../../helpers/openai-spec.ts";

let validator: ValidateFunction | undefined;

/** The validator of `#/components/schemas/CreateResponse`. */
export function createResponseValidator(): ValidateFunction {
  if (validator) return validator;
  const document = rewriteNullable(JSON.parse(readFileSync(openAISpecPath, "utf8"))) as { components: { schemas: Record<string, any> } };
  const { oneOf, discriminator: _discriminator, ...inputItem } = document.components.schemas.InputItem;
  document.components.schemas.InputItem = { ...inputItem, anyOf: oneOf };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(document, "openai");
  validator = ajv.getSchema("openai#/components/schemas/CreateResponse")!;
  return validator;
}

/** Errors (as short strings) of a body that OpenAI's schema rejects; `[]` when it is valid. */
export function responsesRequestErrors(body: unknown): string[] {
  const validate = createResponseValidator();
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
}
