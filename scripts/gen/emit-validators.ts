// Compiles every command schema with Ajv (strict) into one standalone ESM module plus its .d.ts.
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv } from "./ajv.js";
import type { Json } from "./bundle.js";
import { typeName, validatorName, type SchemaRole } from "./names.js";
import type { Spec } from "./spec-model.js";

const standaloneCode = standaloneModule.default;

// Ajv's ESM output still calls require() for formats and helpers; rewriting it to `import` breaks under vitest.
const REQUIRE_SHIM = `import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n`;

export const ROLES: readonly SchemaRole[] = ["input", "output", "approval_output"];

export function schemaFor(command: Spec["commands"][number], role: SchemaRole): Json {
  return role === "input" ? command.input_schema : role === "output" ? command.output_schema : command.approval_output_schema;
}

export function emitValidators(spec: Spec, generatedHeader: string): { js: string; dts: string } {
  const ajv = createAjv({ standalone: true });
  const exports: Record<string, string> = {};
  const problems: string[] = [];
  for (const command of spec.commands) {
    for (const role of ROLES) {
      const schema = schemaFor(command, role);
      if (schema === null) continue;
      const name = validatorName(command.command_id, role);
      try {
        ajv.addSchema(schema as object, name);
        ajv.getSchema(name); // compiles now so a strict-mode problem names its command
      } catch (error) {
        problems.push(`spec/commands/${command.command_id}.json ${role}_schema: ${(error as Error).message}`);
      }
      exports[name] = name;
    }
  }
  if (problems.length > 0) throw new Error(`spec schemas do not compile in strict mode:\n  - ${problems.join("\n  - ")}`);
  const js = `${generatedHeader}// @ts-nocheck\n/* eslint-disable */\n${REQUIRE_SHIM}${standaloneCode(ajv, exports)}\n`;
  const lines = [generatedHeader, `import type { Validator } from "../validator.js";`];
  const typeImports: string[] = [];
  for (const command of spec.commands) {
    for (const role of ROLES) {
      if (schemaFor(command, role) === null) continue;
      typeImports.push(typeName(command.command_id, role));
      lines.push(`export declare const ${validatorName(command.command_id, role)}: Validator<${typeName(command.command_id, role)}>;`);
    }
  }
  lines.splice(2, 0, `import type { ${typeImports.join(", ")} } from "./types.js";`, "");
  return { js, dts: `${lines.join("\n")}\n` };
}
