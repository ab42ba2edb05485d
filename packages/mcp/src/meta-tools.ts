// Tools of the server itself, not of a command: `describe_tool` (a command's full notes and
// schemas, on demand) and, in dynamic mode, `list_categories`, `load_category` and `call_tool`, so
// a model sees a handful of tools and loads a category's when it needs them. Names carry no dot and
// are checked against the command tools at start-up (a spec'd command may never shadow one).
import { commandToolName, type CommandDefinition, type JsonSchema } from "@salestouch/contracts";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { describeCommand, outputSchemaFor, reservedArguments, type ToolNames } from "./tools.js";

export const DESCRIBE_TOOL = "describe_tool";
export const LIST_CATEGORIES = "list_categories";
export const LOAD_CATEGORY = "load_category";
export const CALL_TOOL = "call_tool";

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

export function describeTool(): Tool {
  return {
    name: DESCRIBE_TOOL,
    title: "Describe a tool",
    description:
      "A tool's full notes (risk, output notes, related tools), its complete input schema and the shape of its result. Use when a short description is not enough or before reading a result's fields.",
    inputSchema: {
      type: "object",
      properties: { name: { type: "string", description: "Tool name (or command id)." } },
      required: ["name"],
      additionalProperties: false,
    },
    annotations: readOnly,
  };
}

export function dynamicTools(categories: readonly string[]): Tool[] {
  return [
    {
      name: LIST_CATEGORIES,
      title: "List tool categories",
      description:
        "The categories of tools and, for each, its tools with one line each. Start here, then load a category or call a tool through call_tool.",
      inputSchema: { type: "object", properties: {}, additionalProperties: false },
      annotations: readOnly,
    },
    {
      name: LOAD_CATEGORY,
      title: "Load a category's tools",
      description: "Add a category's tools to this session's tool list (hosts that follow list changes show them at once).",
      inputSchema: {
        type: "object",
        properties: { category: { type: "string", enum: [...categories] } },
        required: ["category"],
        additionalProperties: false,
      },
      annotations: { ...readOnly, idempotentHint: true },
    },
    {
      name: CALL_TOOL,
      title: "Call a tool by name",
      description:
        "Run any tool by name with its arguments, loaded or not (for hosts that do not refresh the tool list). describe_tool gives its arguments.",
      inputSchema: {
        type: "object",
        properties: { name: { type: "string", description: "Tool name." }, arguments: { type: "object", description: "The tool's arguments." } },
        required: ["name"],
        additionalProperties: false,
      },
      annotations: { destructiveHint: true, openWorldHint: true },
    },
  ];
}

/** What describe_tool answers: the descriptor with the complete schemas the concise list leaves out. */
export function describePayload(definition: CommandDefinition, names: ToolNames): Record<string, unknown> {
  const d = definition.descriptor;
  const toolName = (id: string) => commandToolName(id, { dotted: names === "dotted" });
  const input = structuredClone(definition.inputSchema) as Record<string, unknown>;
  input["properties"] = { ...(input["properties"] as object), ...reservedArguments(d, "full") };
  return {
    tool: toolName(d.command_id),
    command_id: d.command_id,
    title: d.title,
    description: describeCommand(d),
    category: d.category,
    risk: d.risk,
    default_permission: d.default_permission,
    output_notes: d.output_notes,
    related_tools: d.related_commands.map(toolName),
    related_resources: d.related_resources,
    input_schema: input as JsonSchema,
    output_schema: outputSchemaFor(definition),
  };
}
