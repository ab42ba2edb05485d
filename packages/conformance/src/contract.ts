// What the kit checks a deployment against: dist/contract.json, generated from the spec at build.
import { readFileSync } from "node:fs";
import type { CommandExample, Descriptor, JsonSchema } from "@salestouch/contracts";

export interface ContractCommand {
  id: string;
  tool: string;
  descriptor: Descriptor;
  input_schema: JsonSchema;
  output_schema: JsonSchema;
  approval_output_schema: JsonSchema | null;
  examples: CommandExample[];
}

export interface Contract {
  version: string;
  commands: ContractCommand[];
  error_codes: string[];
  published_output_schemas: Record<string, JsonSchema>;
}

export function loadContract(): Contract {
  return JSON.parse(readFileSync(new URL("./contract.json", import.meta.url), "utf8")) as Contract;
}
