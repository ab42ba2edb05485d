// @salestouch/mcp: the MCP binding, a factory any transport can host (stdio binary, /api/mcp).
export { createMcpServer, RESOURCE_NOT_FOUND, type McpServerOptions } from "./server.js";
export { lazyExecutor, runtimeExecutor, type CallOptions, type McpExecutor } from "./executor.js";
export { APPROVAL_ARGUMENT, IDEMPOTENCY_ARGUMENT, splitArguments } from "./call-options.js";
export { remoteExecutor, type RemoteExecutorOptions } from "./remote-executor.js";
export { globToRegExp, selectCommands, ToolSelectionError, type ToolSelection } from "./tool-selection.js";
export {
  annotationsFor,
  conciseAnnotations,
  conciseDescription,
  describeCommand,
  outputSchemaFor,
  reservedArguments,
  toolFor,
  type SchemaMode,
  type ToolNames,
  type ToolShape,
} from "./tools.js";
export { conciseSchema } from "./concise-schema.js";
export { exposedPrompts, renderPrompt } from "./prompts.js";
export { CALL_TOOL, DESCRIBE_TOOL, LIST_CATEGORIES, LOAD_CATEGORY } from "./meta-tools.js";
export { describeError, heldNotice, thrownResult, toolResult } from "./results.js";
