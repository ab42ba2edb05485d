// Compiles every command schema with Ajv (strict) into one standalone ESM module plus its .d.ts.
//
// Each command's validators are compiled code of their own, inside a function that runs the first
// time one of them is called. Why: the module holds the code and schemas of every command (about
// half of a binary's bundle); evaluated at load, they were built on every start of the CLI and the
// MCP server, and their compiled code filled the binaries' code cache, although a call uses one
// command's. Now a start builds only the validators it calls.
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv } from "./ajv.js";
import type { Json } from "./bundle.js";
import { snakeName, typeName, validatorName, type SchemaRole } from "./names.js";
import type { Spec } from "./spec-model.js";

const standaloneCode = standaloneModule.default;

// Ajv's standalone code calls require() for formats and helpers; rewriting it to `import` breaks under vitest.
const REQUIRE_SHIM = `import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n`;

const LAZY = `/** A validator that loads its command's code on first use, then is that validator (errors included). */
function lazy(load, name) {
  let validate;
  const validator = (data) => {
    validate ??= load()[name];
    const valid = validate(data);
    validator.errors = validate.errors;
    return valid;
  };
  validator.errors = null;
  return validator;
}
`;

export const ROLES: readonly SchemaRole[] = ["input", "output", "approval_output"];

export function schemaFor(command: Spec["commands"][number], role: SchemaRole): Json {
  return role === "input" ? command.input_schema : role === "output" ? command.output_schema : command.approval_output_schema;
}

export function emitValidators(spec: Spec, generatedHeader: string): { js: string; dts: string } {
  const problems: string[] = [];
  const blocks: string[] = [];
  const exported: string[] = [];
  for (const command of spec.commands) {
    const ajv = createAjv({ standalone: true });
    const names: Record<string, string> = {};
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
      names[name] = name;
    }
    if (problems.length > 0) continue;
    const loader = `load_${snakeName(command.command_id)}`;
    blocks.push(
      [
        `/** ${command.command_id}: its validators, compiled on first use. */`,
        `let ${loader}_done;`,
        `function ${loader}() {`,
        `  if (${loader}_done) return ${loader}_done;`,
        `  const exports = {};`,
        standaloneCode(ajv, names),
        `  return (${loader}_done = exports);`,
        `}`,
      ].join("\n"),
    );
    for (const name of Object.keys(names)) exported.push(`export const ${name} = lazy(${loader}, ${JSON.stringify(name)});`);
  }
  if (problems.length > 0) throw new Error(`spec schemas do not compile in strict mode:\n  - ${problems.join("\n  - ")}`);
  const js = `${generatedHeader}// @ts-nocheck\n/* eslint-disable */\n${REQUIRE_SHIM}${LAZY}\n${exported.join("\n")}\n\n${blocks.join("\n\n")}\n`;
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
