// `salestouch commands list` and `commands schema <id>`: the two catalogue routes
// (GET /api/v1/commands and GET /api/v1/commands/{id}/schema), answered from the registry this
// CLI was built with, in the same JSON shapes, in either mode.
import { commandIds, CONTRACT_VERSION, registry, type DescriptorWithSchemas } from "@salestouch/contracts";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { definitionOf } from "../command-help.js";
import { colorsFor } from "../color.js";
import { EXIT } from "../exit-codes.js";
import { writeFailure, writeJson, type OutputContext } from "../output.js";
import { renderTable } from "../render/table.js";
import { writeCommandHelp } from "./run.js";
import { isDebug, type VerbContext } from "./context.js";

function listCommands(options: { category?: string }, out: OutputContext): number {
  const descriptors = commandIds.map((id) => registry[id].descriptor);
  const categories = [...new Set(descriptors.map((d) => d.category))];
  if (options.category !== undefined && !categories.includes(options.category as never)) {
    return writeFailure(
      new CliError("invalid_input", `unknown category "${options.category}"`, { hint: `Use one of ${categories.join(", ")}.` }),
      out,
    );
  }
  const selected = descriptors.filter((d) => options.category === undefined || d.category === options.category);
  if (out.json) {
    writeJson(out.io, { data: { commands: selected, contract_version: CONTRACT_VERSION } });
    return EXIT.ok;
  }
  const rows = selected.map((d) => ({ command_id: d.command_id, category: d.category, risk: d.risk, summary: d.summary }));
  out.io.stdout.write(renderTable(rows, { paint: colorsFor(out.io.stdout, out.io.env), maxCellWidth: 100 }));
  out.io.stdout.write("\nDetails: salestouch help commands run <command_id>\n");
  return EXIT.ok;
}

function showSchema(commandId: string, out: OutputContext): number {
  const definition = definitionOf(commandId);
  if (!definition || !out.json) return writeCommandHelp(commandId, out);
  const command: DescriptorWithSchemas = {
    ...definition.descriptor,
    input_schema: definition.inputSchema,
    output_schema: definition.outputSchema,
    approval_output_schema: definition.approvalOutputSchema,
  };
  writeJson(out.io, { data: { command } });
  return EXIT.ok;
}

export function registerCatalog(commands: Command, ctx: VerbContext): void {
  commands
    .command("list")
    .summary("list every command")
    .description("List every command this CLI knows (GET /api/v1/commands): id, category, risk and summary.")
    .option("--category <category>", "only the commands of this category")
    .option("--json", 'print {"data": {"commands": [...], "contract_version": "..."}} exactly as the REST route does')
    .action((options: { category?: string; json?: boolean }, command: Command) => {
      ctx.setExitCode(listCommands(options, { io: ctx.io, json: options.json === true, debug: isDebug(command) }));
    });
  commands
    .command("schema")
    .summary("show a command's description and schemas")
    .description(
      "Show one command (GET /api/v1/commands/{command_id}/schema): its generated help, or with --json the descriptor with input_schema, output_schema and approval_output_schema.",
    )
    .argument("<command_id>", "the command to describe")
    .option("--json", 'print {"data": {"command": {...}}} exactly as the REST route does')
    .action((commandId: string, options: { json?: boolean }, command: Command) => {
      ctx.setExitCode(showSchema(commandId, { io: ctx.io, json: options.json === true, debug: isDebug(command) }));
    });
}
