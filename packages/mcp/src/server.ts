// createMcpServer: every selected command as a tool and every resource of the spec, over any
// transport. A thin loop over the registry; how commands execute is the executor's business.
import { closestCommandIds, resources as specResources, type CommandDefinition } from "@salestouch/contracts";
import { silentLogger, type Logger } from "@salestouch/runtime";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema, ErrorCode, ListResourcesRequestSchema, ListToolsRequestSchema, McpError,
  ReadResourceRequestSchema, type CallToolResult, type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { APPROVAL_ARGUMENT, splitArguments } from "./call-options.js";
import type { McpExecutor } from "./executor.js";
import { thrownResult, toolResult } from "./results.js";
import { selectCommands, type ToolSelection } from "./tool-selection.js";
import { toolFor } from "./tools.js";

/** MCP spec, server/resources "Error Handling": an unknown resource answers -32002. */
export const RESOURCE_NOT_FOUND = -32002;

export interface McpServerOptions {
  executor: McpExecutor;
  tools?: ToolSelection;
  version: string;
  logger?: Logger;
}

const INSTRUCTIONS = [
  "SalesTouch prospecting commands: missions, offers and, as they are added, imports, leads, LinkedIn drafts and scoring.",
  "Each tool is one command; its title carries the command id used by the REST API and the CLI.",
  "Read salestouch://catalog for every command's when-to-use notes. A failed call returns isError with the error code and how to fix it.",
  `A call may be held for a person's approval: it then did not run, and the result names the approval request. After the person approves it, call the same tool with the same arguments plus "${APPROVAL_ARGUMENT}": "<request id>" to get the result. Never try to approve requests yourself.`,
].join(" ");

interface ExposedTool {
  tool: Tool;
  definition: CommandDefinition;
}

function exposedTools(selection: ToolSelection): Map<string, ExposedTool> {
  const names = selection.names ?? "underscore";
  return new Map(selectCommands(selection).map((definition) => {
    const tool = toolFor(definition, names);
    return [tool.name, { tool, definition }];
  }));
}

/** Command-backed resources follow the tool selection: a hidden command's data is hidden too. */
function resourceVisible(uri: string, commandIds: ReadonlySet<string>): boolean {
  const resource = specResources.find((r) => r.uri === uri);
  return !resource || !("command" in resource) || commandIds.has(resource.command);
}

function resourceError(uri: string, error: unknown): McpError {
  const e = error as { code?: unknown; message?: unknown; hint?: unknown };
  const code = typeof e.code === "string" ? e.code : "internal_error";
  const text = `${code}: ${typeof e.message === "string" ? e.message : String(error)}${typeof e.hint === "string" ? ` How to fix: ${e.hint}` : ""}`;
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
  const tools = exposedTools(options.tools ?? {});
  const commandIds = new Set([...tools.values()].map((t) => t.definition.id as string));
  const server = new Server(
    { name: "salestouch", title: "SalesTouch", version: options.version },
    { capabilities: { tools: { listChanged: false }, resources: { listChanged: false } }, instructions: INSTRUCTIONS },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [...tools.values()].map((t) => t.tool) }));

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const exposed = tools.get(request.params.name);
    if (!exposed) throw unknownTool(request.params.name, tools);
    const commandId = exposed.definition.id;
    try {
      // Input validation is the runtime's: a bad argument is a tool error the model can correct.
      const { input, options: callOptions } = splitArguments(request.params.arguments ?? {}, request.params._meta);
      return toolResult(commandId, await options.executor.run(commandId, input, callOptions));
    } catch (error) {
      logger.warn("tool call failed before the command answered", { command_id: commandId, error: String(error) });
      return thrownResult(commandId, error);
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const list = await options.executor.listResources();
    return { resources: list.filter((r) => resourceVisible(r.uri, commandIds)) };
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    if (!resourceVisible(uri, commandIds)) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri} is not served with the tool selection this server was started with`, { uri });
    try {
      const payload = await options.executor.readResource(uri);
      return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(payload) }] };
    } catch (error) {
      throw resourceError(uri, error);
    }
  });

  return server;
}
