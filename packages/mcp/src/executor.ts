// How the MCP server reaches the commands, kept apart from the protocol: in-process over the
// runtime (stdio local mode, the server's /api/mcp) or over HTTP with the client (stdio remote mode).
import type { Envelope } from "@salestouch/contracts";
import { listResources, readResource, type ExecuteContext, type ResourceSummary, type Runtime } from "@salestouch/runtime";

/** What a tool call may carry besides the command input (see call-options.ts). */
export interface CallOptions {
  approvalRequestId?: string;
  idempotencyKey?: string;
}

export interface McpExecutor {
  /** Runs a command; command failures come back as an error envelope. */
  run(commandId: string, input: unknown, options?: CallOptions): Promise<Envelope>;
  listResources(): Promise<ResourceSummary[]>;
  /** The payload of a resource; throws an error carrying a catalogue `code` (not_found, forbidden, …). */
  readResource(uri: string): Promise<unknown>;
}

/** Commands and resources run by the runtime, as `context.principal`. */
export function runtimeExecutor(runtime: Runtime, context: ExecuteContext): McpExecutor {
  return {
    run: (commandId, input, options = {}) => runtime.execute(commandId, input, { ...context, surface: "mcp", ...options }),
    listResources: async () => listResources(),
    readResource: async (uri) => (await readResource(runtime, uri, { ...context, surface: "mcp" })).payload,
  };
}

/**
 * An executor opened on first use, so a stdio server answers initialize and tools/list before
 * it has loaded the database layer. `open` runs once; a failure is retried on the next call.
 */
export function lazyExecutor(open: () => Promise<McpExecutor>): McpExecutor & { ready(): Promise<McpExecutor> } {
  let opening: Promise<McpExecutor> | undefined;
  const ready = (): Promise<McpExecutor> => {
    opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  return {
    ready,
    run: async (commandId, input, options) => (await ready()).run(commandId, input, options),
    listResources: async () => (await ready()).listResources(),
    readResource: async (uri) => (await ready()).readResource(uri),
  };
}
