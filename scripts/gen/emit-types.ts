// TypeScript input/output types per command (json-schema-to-typescript) and the CommandTypes map.
import { compile } from "json-schema-to-typescript";
import { ROLES, schemaFor } from "./emit-validators.js";
import { typeName } from "./names.js";
import type { Spec } from "./spec-model.js";

export async function emitTypes(spec: Spec, generatedHeader: string): Promise<string> {
  const parts: string[] = [generatedHeader];
  const map: string[] = [];
  for (const command of spec.commands) {
    const names: Record<string, string> = {};
    for (const role of ROLES) {
      const schema = schemaFor(command, role);
      if (schema === null) {
        names[role] = "null";
        continue;
      }
      const name = typeName(command.command_id, role);
      names[role] = name;
      const ts = await compile(structuredClone(schema) as Parameters<typeof compile>[0], name, {
        bannerComment: "",
        additionalProperties: false,
        strictIndexSignatures: true,
        unknownAny: true,
        maxItems: -1,
        format: true,
        style: { semi: true, singleQuote: false, printWidth: 110 },
      });
      parts.push(`/** ${command.command_id} ${role.replace("_", " ")}. */\n${ts.trim()}\n`);
    }
    map.push(`  "${command.command_id}": { input: ${names["input"]}; output: ${names["output"]}; approval_output: ${names["approval_output"]} };`);
  }
  parts.push(`/** Input and output types of every command, by id. */\nexport interface CommandTypes {\n${map.join("\n")}\n}\n`);
  parts.push(`export type CommandId = keyof CommandTypes;\n`);
  return parts.join("\n");
}
