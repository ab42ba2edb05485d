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
  await server.connect(withCodeCacheReady(new StdioServerTransport()));
}

/**
 * The transport, telling the launcher when the first tool list is about to go out: every session
 * starts with it, so a first start's code cache then holds what computing it compiled (the
 * launcher saves before the answer is written, as a host may stop the server right after it).
 */
function withCodeCacheReady(transport: StdioServerTransport): StdioServerTransport {
  const send = transport.send.bind(transport);
  let told = false;
  transport.send = (message: JSONRPCMessage) => {
    if (!told && "result" in message && Array.isArray((message.result as { tools?: unknown }).tools)) {
      told = true;
      codeCacheReady();
    }
    return send(message);
  };
  return transport;
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
