// salestouch-mcp: the MCP server over stdio, bundled into dist/stdio.cjs and started by main.ts.
// stdout carries JSON-RPC only; every log goes to stderr.
import { ConfigError, resolveSettings, type Settings } from "@salestouch/host/settings";
import { createMcpServer, ToolSelectionError } from "@salestouch/mcp";
import { createJsonLogger } from "@salestouch/runtime";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { codeCacheReady } from "@salestouch/launch/code-cache-ready";
import { parseCommandLine, USAGE, type ParsedArgs } from "./args.js";
import { openExecutor } from "./open-executor.js";
import { VERSION } from "./version.js";

function fail(message: string): never {
  process.stderr.write(`salestouch-mcp: ${message}\n`);
  process.exit(2);
}

function parse(): ParsedArgs {
  try {
    return parseCommandLine(process.argv.slice(2));
  } catch (error) {
    fail(`${(error as Error).message}\nRun salestouch-mcp --help for the options.`);
  }
}

/** Every setting, checked before the server starts: a bad value stops here, naming it. */
function settings(): Settings {
  try {
    const resolved = resolveSettings({ cwd: process.cwd() });
    if (resolved.mode === "remote" && resolved.untrustedBaseUrl) fail(resolved.untrustedBaseUrl);
    return resolved;
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const parsed = parse();
  if (parsed.kind === "help") return void process.stdout.write(USAGE);
  if (parsed.kind === "version") return void process.stdout.write(`${VERSION}\n`);

  const resolved = settings();
  const level = parsed.debug ? "debug" : resolved.config.logLevel;
  const logger = createJsonLogger({ level, write: (line) => process.stderr.write(line) });
  const opened = openExecutor(resolved, logger);
  let server: ReturnType<typeof createMcpServer>;
  try {
    server = createMcpServer({
      executor: opened.executor,
      tools: parsed.tools,
      schemas: parsed.schemas,
      dynamic: parsed.dynamic,
      version: VERSION,
      logger,
    });
  } catch (error) {
    if (error instanceof ToolSelectionError) fail(error.message);
    throw error;
  }

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await opened.close().catch(() => undefined);
    process.exit(0);
  };
  process.stdin.on("end", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());

  // Open the database once the client is initialized (it asks for tools/list right then, which
  // needs no database), so a database problem shows in the host's log at start-up.
  server.oninitialized = () =>
    setImmediate(() => opened.warmUp().catch((error: unknown) => logger.error("cannot open the database", { error: String(error) })));
  const transport = new StdioServerTransport();
  await server.connect(transport);
  tellCodeCacheReady(transport);
}

/**
 * Tells the launcher when the first tool list is about to go out: every session starts with it,
 * so a first start's code cache then holds what computing it compiled (the launcher saves before
 * the answer is written, as a host may stop the server right after it). Unless the session asked
 * for something else first (a tool call): the cache would then hold that work's code too,
 * deserialised by every later start, so a later session completes it instead. Wraps the
 * transport once connected, as the server has then set its message handler.
 */
function tellCodeCacheReady(transport: StdioServerTransport): void {
  let told = false;
  let handshakeOnly = true;
  const deliver = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    const { id, method } = message as { id?: unknown; method?: unknown };
    if (id !== undefined && method !== undefined && method !== "initialize" && method !== "tools/list") handshakeOnly = false;
    deliver?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage) => {
    if (!told && "result" in message && Array.isArray((message.result as { tools?: unknown }).tools)) {
      told = true;
      if (handshakeOnly) codeCacheReady();
    }
    return send(message);
  };
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
