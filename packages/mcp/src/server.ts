// createMcpServer: every selected command as a tool and every resource of the spec, over any
// transport. A thin loop over the registry; how commands execute is the executor's business.
import { closestCommandIds, resources as specResources, type CommandDefinition } from "@salestouch/contracts";
import { silentLogger, type Logger } from "@salestouch/runtime";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation";
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { APPROVAL_ARGUMENT, splitArguments } from "./call-options.js";
import type { McpExecutor } from "./executor.js";
import { keepRawArguments } from "./raw-arguments.js";
import { CALL_TOOL, DESCRIBE_TOOL, describePayload, describeTool, dynamicTools, LIST_CATEGORIES, LOAD_CATEGORY } from "./meta-tools.js";
import { exposedPrompts, promptListing, renderPrompt } from "./prompts.js";
import { thrownResult, toolResult } from "./results.js";
import { selectCommands, type ToolSelection } from "./tool-selection.js";
import { toolFor, type SchemaMode } from "./tools.js";

/**
 * The SDK checks a client's elicitation answers against their JSON schema with Ajv, and builds an
 * Ajv instance (formats, meta-schema) with every Server. Our tools never elicit; the instance is
 * built when a schema is first asked for, not on every MCP stdio start and HTTP session.
 */
function lazyJsonSchemaValidator(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return {
    getValidator: (schema) => {
      ajv ??= new AjvJsonSchemaValidator();
      return ajv.getValidator(schema);
    },
  };
}

/** MCP spec, server/resources "Error Handling": an unknown resource answers -32002. */
export const RESOURCE_NOT_FOUND = -32002;

export interface McpServerOptions {
  executor: McpExecutor;
  tools?: ToolSelection;
  /** `concise` (default): short descriptions and input schemas, no output schemas; `full`: the spec's schemas verbatim. */
  schemas?: SchemaMode;
  /** Dynamic mode: tools/list starts with the category tools; a model loads a category's tools when it needs them. */
  dynamic?: boolean;
  version: string;
  logger?: Logger;
}

interface ExposedTool {
  tool: Tool;
  definition: CommandDefinition;
}

function exposedTools(selection: ToolSelection, schemas: SchemaMode): Map<string, ExposedTool> {
  const names = selection.names ?? "underscore";
  return new Map(
    selectCommands(selection).map((definition) => {
      const tool = toolFor(definition, { names, schemas });
      return [tool.name, { tool, definition }];
    }),
  );
}

/** Short, and says what to do first: the list tools show what exists (generated from the tools exposed). */
function instructions(tools: Map<string, ExposedTool>, dynamic: boolean): string {
  const categories = [...new Set([...tools.values()].map((t) => t.definition.descriptor.category))];
  const lists = [...tools.values()].filter((t) => /^[a-z]+\.list$/.test(t.definition.id)).map((t) => t.tool.name);
  return [
    `SalesTouch prospecting tools (${categories.join(", ")}).`,
    dynamic
      ? `First call ${LIST_CATEGORIES}, then ${LOAD_CATEGORY} or ${CALL_TOOL}.`
      : lists.length > 0
        ? `First see what exists with ${lists.join(", ")}.`
        : "",
    `Descriptions are short: ${DESCRIBE_TOOL} gives a tool's notes, full input schema and result shape. Prompts offer ready-made workflows.`,
    "A failed call returns isError with the fields at fault and how to fix it.",
    `A call may be held for a person's approval: nothing ran; after they approve, call the same tool with the same arguments plus "${APPROVAL_ARGUMENT}". Never approve requests yourself.`,
  ]
    .filter(Boolean)
    .join(" ");
}

/** A meta tool must never share a name with a command's tool. */
function checkMetaNames(metaTools: readonly Tool[], tools: Map<string, ExposedTool>): void {
  for (const meta of metaTools) {
    if (tools.has(meta.name)) throw new Error(`the command tool ${meta.name} shadows the server's own tool of that name; rename the command`);
  }
}

function jsonResult(payload: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(payload) }], structuredContent: payload };
}

function metaError(code: string, message: string, hint: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: `${code}: ${message}\nHow to fix: ${hint}` }], _meta: { error_code: code } };
}

/** Command-backed resources follow the tool selection: a hidden command's data is hidden too. */
function resourceVisible(uri: string, commandIds: ReadonlySet<string>): boolean {
  const resource = specResources.find((r) => r.uri === uri);
  return !resource || !("command" in resource) || commandIds.has(resource.command);
}

function resourceError(uri: string, error: unknown): McpError {
  const e = error as { code?: unknown; message?: unknown; hint?: unknown; hintFor?: (surface: "mcp") => string };
  const code = typeof e.code === "string" ? e.code : "internal_error";
  const hint = typeof e.hintFor === "function" ? e.hintFor("mcp") : e.hint;
  const text = `${code}: ${typeof e.message === "string" ? e.message : String(error)}${typeof hint === "string" ? ` How to fix: ${hint}` : ""}`;
  if (code === "not_found") return new McpError(RESOURCE_NOT_FOUND, text, { uri });
  const serverFault = ["internal_error", "unavailable"].includes(code);
  return new McpError(serverFault ? ErrorCode.InternalError : ErrorCode.InvalidRequest, text, { uri, code });
}

function unknownTool(name: string, tools: Map<string, ExposedTool>): McpError {
  const byId = new Map([...tools.values()].map((t) => [t.definition.id as string, t.tool.name]));
  const close = closestCommandIds(name, [...byId.keys()]).map((id) => byId.get(id)!);
  const suggestion = close.length > 0 ? `did you mean ${close.join(", ")}? ` : "";
  return new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}; ${suggestion}tools/list names the ${tools.size} tools this server exposes`);
}

export function createMcpServer(options: McpServerOptions): Server {
  const logger = options.logger ?? silentLogger;
  const names = options.tools?.names ?? "underscore";
  const dynamic = options.dynamic ?? false;
  const tools = exposedTools(options.tools ?? {}, options.schemas ?? "concise");
  const commandIds = new Set([...tools.values()].map((t) => t.definition.id as string));
  const categories = [...new Set([...tools.values()].map((t) => t.definition.descriptor.category as string))];
  const metaTools = [describeTool(), ...(dynamic ? dynamicTools(categories) : [])];
  checkMetaNames(metaTools, tools);
  const loaded = new Set<string>();
  const server = new Server(
    { name: "salestouch", title: "SalesTouch", version: options.version },
    {
      capabilities: { tools: { listChanged: dynamic }, resources: { listChanged: false }, prompts: { listChanged: false } },
      instructions: instructions(tools, dynamic),
      jsonSchemaValidator: lazyJsonSchemaValidator(),
    },
  );
  const takeRawArguments = keepRawArguments(server);

  const listed = (): Tool[] => [
    ...[...tools.values()].filter((t) => !dynamic || loaded.has(t.definition.descriptor.category)).map((t) => t.tool),
    ...metaTools,
  ];

  const find = (name: string): ExposedTool | undefined => tools.get(name) ?? [...tools.values()].find((t) => t.definition.id === name);

  const runTool = async (exposed: ExposedTool, args: unknown, meta: Record<string, unknown> | undefined): Promise<CallToolResult> => {
    const commandId = exposed.definition.id;
    try {
      // Input validation is the runtime's: a bad argument is a tool error the model can correct.
      const { input, options: callOptions } = splitArguments(args ?? {}, meta);
      return toolResult(commandId, await options.executor.run(commandId, input, callOptions));
    } catch (error) {
      logger.warn("tool call failed before the command answered", { command_id: commandId, error: String(error) });
      return thrownResult(commandId, error);
    }
  };

  const unknownToolResult = (name: unknown): CallToolResult => {
    const error = unknownTool(String(name), tools);
    return metaError(
      "unknown_command",
      error.message.replace(/^MCP error -?\d+: /, ""),
      `Call ${dynamic ? LIST_CATEGORIES : "tools/list"} for the tool names.`,
    );
  };

  const callMeta = async (name: string, args: Record<string, unknown>, meta: Record<string, unknown> | undefined): Promise<CallToolResult> => {
    if (name === DESCRIBE_TOOL) {
      const exposed = typeof args["name"] === "string" ? find(args["name"]) : undefined;
      return exposed ? jsonResult(describePayload(exposed.definition, names)) : unknownToolResult(args["name"]);
    }
    if (name === LIST_CATEGORIES) {
      return jsonResult({
        categories: categories.map((category) => ({
          category,
          loaded: loaded.has(category),
          tools: [...tools.values()]
            .filter((t) => t.definition.descriptor.category === category)
            .map((t) => ({ name: t.tool.name, risk: t.definition.descriptor.risk, summary: t.definition.descriptor.summary })),
        })),
      });
    }
    if (name === LOAD_CATEGORY) {
      const category = args["category"];
      if (typeof category !== "string" || !categories.includes(category)) {
        return metaError(
          "invalid_input",
          `category must be one of ${categories.join(", ")}`,
          `Call ${LOAD_CATEGORY} with {"category": "${categories[0] ?? ""}"}.`,
        );
      }
      const added = !loaded.has(category);
      loaded.add(category);
      if (added) await server.sendToolListChanged().catch(() => undefined);
      const names = [...tools.values()].filter((t) => t.definition.descriptor.category === category).map((t) => t.tool.name);
      return jsonResult({ category, tools: names });
    }
    const target = typeof args["name"] === "string" ? find(args["name"]) : undefined;
    if (!target) return unknownToolResult(args["name"]);
    return runTool(target, args["arguments"] ?? {}, meta);
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed() }));

  const workflows = exposedPrompts(commandIds);
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: workflows.map(promptListing) }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const prompt = workflows.find((p) => p.name === request.params.name);
    if (!prompt)
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown prompt: ${request.params.name}; prompts/list names the ${workflows.length} prompts this server offers (${workflows.map((p) => p.name).join(", ")})`,
      );
    return renderPrompt(prompt, request.params.arguments, names);
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, _meta: meta } = request.params;
    const args = (takeRawArguments(extra.requestId) ?? request.params.arguments) as Record<string, unknown> | undefined;
    if (metaTools.some((t) => t.name === name)) return callMeta(name, (args ?? {}) as Record<string, unknown>, meta);
    const exposed = tools.get(name);
    if (!exposed) throw unknownTool(name, tools);
    return runTool(exposed, args, meta);
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const list = await options.executor.listResources();
    return { resources: list.filter((r) => resourceVisible(r.uri, commandIds)) };
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    if (!resourceVisible(uri, commandIds))
      throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri} is not served with the tool selection this server was started with`, {
        uri,
      });
    try {
      const payload = await options.executor.readResource(uri);
      return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(payload) }] };
    } catch (error) {
      throw resourceError(uri, error);
    }
  });

  return server;
}
