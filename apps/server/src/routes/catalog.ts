// GET /api/v1/commands and GET /api/v1/commands/{command_id}/schema, straight from the registry.
import { commandIds, CONTRACT_VERSION, findCommand, registry, type DescriptorWithSchemas } from "@salestouch/contracts";
import type { Request, Response } from "express";
import { sendPlainError } from "../http-errors.js";

const catalogBody = JSON.stringify({ data: { commands: commandIds.map((id) => registry[id].descriptor), contract_version: CONTRACT_VERSION } });

export function listCommands(_req: Request, res: Response): void {
  res.type("application/json").send(catalogBody);
}

export function commandSchema(req: Request, res: Response): void {
  const id = String(req.params["commandId"]);
  const found = findCommand(id);
  if (!found.definition) {
    const { suggestions } = found;
    sendPlainError(
      res,
      "unknown_command",
      found.message,
      suggestions.length > 0 ? `Did you mean ${suggestions.join(", ")}? List commands with GET /api/v1/commands.` : undefined,
    );
    return;
  }
  const definition = found.definition;
  const command: DescriptorWithSchemas = {
    ...definition.descriptor,
    input_schema: definition.inputSchema,
    output_schema: definition.outputSchema,
    approval_output_schema: definition.approvalOutputSchema,
  };
  res.json({ data: { command } });
}
