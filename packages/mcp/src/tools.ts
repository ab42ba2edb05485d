// One MCP tool per command, derived from its spec entry: name, description, schemas served
// verbatim, and annotations from the command's risk and category.
import { approvalPendingSchema, commandToolName, type CommandDefinition, type Descriptor, type JsonSchema } from "@salestouch/contracts";
import type { Tool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";

export type ToolNames = "underscore" | "dotted";

/**
 * MCP annotations from the risk vocabulary. `read` never changes anything; `mutate` changes
 * workspace data that another command can change back (not destructive); `approval` acts at scale
 * or outside the workspace and waits for a human, so it is destructive. A command reaches the
 * open world when it talks to LinkedIn (category `linkedin`) or is gated by approval.
 */
export function annotationsFor(descriptor: Descriptor): ToolAnnotations {
  const read = descriptor.risk === "read";
  return {
    title: descriptor.title,
    readOnlyHint: read,
    destructiveHint: descriptor.risk === "approval",
    idempotentHint: read,
    openWorldHint: descriptor.category === "linkedin" || descriptor.risk === "approval",
  };
}

/** The spec's words for the model: summary, when to use, risk notes. */
export function describeCommand(descriptor: Descriptor): string {
  const parts = [descriptor.summary, `When to use: ${descriptor.when_to_use}`];
  if (descriptor.risk_notes.length > 0) parts.push(`Risk: ${descriptor.risk_notes.join(" ")}`);
  if (descriptor.risk === "approval") parts.push("A call may be held for a human's approval; the result then says so and carries the approval request id.");
  return parts.join("\n\n");
}

/**
 * The output schema, or what a held call answers instead: any command may be held for approval
 * by a workspace or key rule, and then answers with its approval output (its preview) or, for a
 * command without one, the generic pending shape.
 */
function outputSchemaFor(definition: CommandDefinition): JsonSchema {
  return { type: "object", anyOf: [definition.outputSchema, definition.approvalOutputSchema ?? (approvalPendingSchema as JsonSchema)] };
}

export function toolFor(definition: CommandDefinition, names: ToolNames = "underscore"): Tool {
  const d = definition.descriptor;
  return {
    name: commandToolName(d.command_id, { dotted: names === "dotted" }),
    title: `${d.title} (${d.command_id})`,
    description: describeCommand(d),
    inputSchema: definition.inputSchema as Tool["inputSchema"],
    outputSchema: outputSchemaFor(definition) as Tool["outputSchema"],
    annotations: annotationsFor(d),
    _meta: { command_id: d.command_id, category: d.category, risk: d.risk, default_permission: d.default_permission },
  };
}
