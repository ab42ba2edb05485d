// The published mission.create output schema, read from the seed page itself, and a validator for it.
import { readFileSync } from "node:fs";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export function seedOutputSchema(): Record<string, unknown> {
  const page = readFileSync(new URL("../fixtures/published/mission.create.seed.txt", import.meta.url), "utf8");
  const start = page.indexOf("Output schema\n") + "Output schema\n".length;
  const end = page.indexOf("\nCLI\n");
  return JSON.parse(page.slice(start, end)) as Record<string, unknown>;
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validateSeed = ajv.compile(seedOutputSchema());

/** Throws with Ajv's reasons when `data` does not match the seed's mission.create output schema. */
export function assertSeedShape(data: unknown): void {
  if (!validateSeed(data)) throw new Error(`mission.create output violates the published schema: ${ajv.errorsText(validateSeed.errors)}`);
}
