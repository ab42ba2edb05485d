// One MCP tool per command, derived from its spec entry: name, description, schemas and
// annotations from the command's risk and category. Two shapes (docs/mcp.md "Context budget"):
// `concise` (the default) keeps tools/list small — short descriptions, input schemas without
// prose that repeats them, no output schema — and `full` serves the spec's schemas verbatim.
import { approvalPendingSchema, commandToolName, type CommandDefinition, type Descriptor, type JsonSchema } from "@salestouch/contracts";
import type { Tool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { APPROVAL_ARGUMENT, IDEMPOTENCY_ARGUMENT } from "./call-options.js";
import { PRECOMPUTED_CONCISE_SCHEMAS } from "./concise-precomputed.js";
import { conciseSchema } from "./concise-schema.js";

export type ToolNames = "underscore" | "dotted";
export type SchemaMode = "concise" | "full";

export interface ToolShape {
  names?: ToolNames;
  schemas?: SchemaMode;
}

/**
 * MCP annotations from the risk vocabulary. `read` never changes anything; `mutate` changes
 * workspace data that another command can change back (not destructive); `approval` acts at scale
 * or outside the workspace and waits for a human, so it is destructive. A command reaches the
 * open world when it talks to LinkedIn (category `linkedin`) or is gated by approval.
 *
 * The hints say what the tool does in this runtime; the risk says what keys and policies apply.
 * A command the spec publishes as `mutate` but whose handler writes nothing here (`writes: false`
 * in its spec file: reading a lead's profile) is read-only, idempotent and closed-world as a tool,
 * so hosts need not ask before every profile read, while its key still needs the write scope and
 * a policy may still hold it (docs/mcp.md "Annotations").
 */
export function annotationsFor(descriptor: Descriptor, writes = descriptor.risk !== "read"): ToolAnnotations {
  const read = !writes;
  return {
    readOnlyHint: read,
    destructiveHint: descriptor.risk === "approval",
    idempotentHint: read,
    openWorldHint: descriptor.category === "linkedin" || descriptor.risk === "approval",
  };
}

/**
 * Only the hints that differ from the protocol's defaults (readOnlyHint false, destructiveHint
 * true, idempotentHint false, openWorldHint true), and none that a read-only tool makes moot.
 */
export function conciseAnnotations(hints: ToolAnnotations): ToolAnnotations {
  const out: ToolAnnotations = {};
  if (hints.readOnlyHint) out.readOnlyHint = true;
  if (!hints.readOnlyHint && hints.destructiveHint === false) out.destructiveHint = false;
  if (!hints.readOnlyHint && hints.idempotentHint) out.idempotentHint = true;
  if (hints.openWorldHint === false) out.openWorldHint = false;
  return out;
}

/** The spec's words for the model: summary, when to use, risk notes (the full form). */
export function describeCommand(descriptor: Descriptor): string {
  const parts = [descriptor.summary, `When to use: ${descriptor.when_to_use}`];
  if (descriptor.risk_notes.length > 0) parts.push(`Risk: ${descriptor.risk_notes.join(" ")}`);
  if (descriptor.risk === "approval")
    parts.push("A call may be held for a human's approval; the result then says so and carries the approval request id.");
  return parts.join("\n\n");
}

/** The concise form: summary and when to use in one paragraph, and whether a person approves it. */
export function conciseDescription(descriptor: Descriptor): string {
  const when = descriptor.when_to_use.replace(/^Use (this|it) /, "Use ");
  const held = descriptor.risk === "approval" ? " Held for a person's approval." : "";
  return `${descriptor.summary} ${when}${held}`;
}

/**
 * The output schema, or what a held call answers instead: any command may be held for approval
 * by a workspace or key rule, and then answers with its approval output (its preview) or, for a
 * command without one, the generic pending shape.
 */
export function outputSchemaFor(definition: CommandDefinition): JsonSchema {
  return { type: "object", anyOf: [definition.outputSchema, definition.approvalOutputSchema ?? (approvalPendingSchema as JsonSchema)] };
}

/**
 * The reserved arguments a call may carry besides the command input (call-options.ts): every
 * call may be held for approval; only a call that writes takes an idempotency key.
 */
export function reservedArguments(descriptor: Descriptor, schemas: SchemaMode): Record<string, JsonSchema> {
  const concise = schemas === "concise";
  const out: Record<string, JsonSchema> = {
    [APPROVAL_ARGUMENT]: concise
      ? { type: "string" }
      : {
          type: "string",
          pattern: "^apr_",
          description:
            "The approval request (apr_…) of an earlier held call: send it with exactly the same arguments to collect the result once a person has approved it.",
        },
  };
  if (descriptor.risk !== "read") {
    out[IDEMPOTENCY_ARGUMENT] = concise
      ? { type: "string" }
      : {
          type: "string",
          minLength: 1,
          maxLength: 200,
          description:
            "A key for this operation (e.g. a UUID): a retry with the same key and arguments returns the first result instead of running again.",
        };
  }
  return out;
}

function inputSchemaFor(definition: CommandDefinition, schemas: SchemaMode): Tool["inputSchema"] {
  const base = (
    schemas === "concise"
      ? (PRECOMPUTED_CONCISE_SCHEMAS?.[definition.descriptor.command_id] ?? conciseSchema(definition.inputSchema))
      : structuredClone(definition.inputSchema)
  ) as Record<string, unknown>;
  const properties = { ...(base["properties"] as Record<string, unknown> | undefined), ...reservedArguments(definition.descriptor, schemas) };
  return { ...base, type: "object", properties } as Tool["inputSchema"];
}

export function toolFor(definition: CommandDefinition, shape: ToolShape | ToolNames = {}): Tool {
  const { names = "underscore", schemas = "concise" } = typeof shape === "string" ? { names: shape } : shape;
  const d = definition.descriptor;
  const name = commandToolName(d.command_id, { dotted: names === "dotted" });
  if (schemas === "concise") {
    // No hint differs from the protocol's defaults (an approval-risk tool): no annotations at all, which says the same.
    const annotations = conciseAnnotations(annotationsFor(d, definition.writes));
    return {
      name,
      title: d.title,
      description: conciseDescription(d),
      inputSchema: inputSchemaFor(definition, schemas),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
  }
  return {
    name,
    title: `${d.title} (${d.command_id})`,
    description: describeCommand(d),
    inputSchema: inputSchemaFor(definition, schemas),
    outputSchema: outputSchemaFor(definition) as Tool["outputSchema"],
    annotations: { title: d.title, ...annotationsFor(d, definition.writes) },
    _meta: { command_id: d.command_id, category: d.category, risk: d.risk, default_permission: d.default_permission },
  };
}
