// MCP clients for tests, with the SDK's real Client: the built stdio binary spawned in a sandbox
// of its own (temp HOME, config and data folders, cwd), and Streamable HTTP against a test server.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { commandToolName, type Envelope } from "@salestouch/contracts";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { backgroundProgressOut } from "./examples.js";
import { tempDir } from "./server.js";

export const MCP_BIN = join(import.meta.dirname, "..", "..", "apps", "mcp", "dist", "main.js");

export interface Sandbox {
  dir: string;
  /** An empty project folder to run in. */
  cwd: string;
  env: Record<string, string>;
  /** Writes <cwd>/.salestouch/salestouch.json. */
  writeProjectConfig(config: Record<string, string>): void;
  remove(): void;
}

/** A process environment that shares nothing with the machine's own configuration or data. */
export function sandbox(env: Record<string, string> = {}): Sandbox {
  const dir = tempDir("salestouch-mcp-");
  const cwd = join(dir.path, "project");
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, "package.json"), "{}\n");
  return {
    dir: dir.path,
    cwd,
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: join(dir.path, "home"),
      XDG_CONFIG_HOME: join(dir.path, "config"),
      XDG_DATA_HOME: join(dir.path, "data"),
      SALESTOUCH_HOME: join(dir.path, "data", "salestouch"),
      SALESTOUCH_LOG_LEVEL: "info",
      NODE_ENV: "test",
      ...env,
    },
    writeProjectConfig(config) {
      mkdirSync(join(cwd, ".salestouch"), { recursive: true });
      writeFileSync(join(cwd, ".salestouch", "salestouch.json"), JSON.stringify(config));
    },
    remove: dir.remove,
  };
}

export interface McpConnection {
  client: Client;
  /** Everything the server wrote to stderr so far (stdio only). */
  stderr(): string;
  close(): Promise<void>;
}

export async function connectStdio(options: { args?: string[]; box?: Sandbox } = {}): Promise<McpConnection & { box: Sandbox }> {
  const box = options.box ?? sandbox();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP_BIN, ...(options.args ?? [])],
    env: box.env,
    cwd: box.cwd,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const client = new Client({ name: "salestouch-tests", version: "0.0.0" });
  await client.connect(transport);
  return {
    client,
    box,
    stderr: () => stderr,
    async close() {
      await client.close();
      if (!options.box) box.remove();
    },
  };
}

/** `query` picks a mode, e.g. "?schemas=full" (every output schema declared, so the client validates each result). */
export async function connectHttp(baseUrl: string, headers: Record<string, string>, query = ""): Promise<McpConnection> {
  const transport = new StreamableHTTPClientTransport(new URL(`/api/mcp${query}`, baseUrl), { requestInit: { headers } });
  const client = new Client({ name: "salestouch-tests", version: "0.0.0" });
  await client.connect(transport);
  return { client, stderr: () => "", close: () => client.close() };
}

interface ResultMeta {
  status: number;
  command_hash: string;
  approval_required: boolean;
  approval_request_id: string | null;
  warnings: string[];
  error_code?: string;
}

/** Calls a command's tool and reads the result back as an envelope, so examples run unchanged. */
export async function callCommand(client: Client, commandId: string, input: unknown): Promise<Envelope & { result: CallToolResult }> {
  const result = (await client.callTool({ name: commandToolName(commandId), arguments: input as Record<string, unknown> })) as CallToolResult;
  const m = result._meta as unknown as ResultMeta;
  const meta = {
    approval_required: m.approval_required,
    approval_request_id: m.approval_request_id,
    command_hash: m.command_hash,
    warnings: m.warnings,
  };
  if (result.isError) {
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
    return { ok: false, status: m.status, data: null, error: { code: m.error_code!, message: text, hint: text, retryable: false }, meta, result };
  }
  return { ok: true, status: m.status, data: result.structuredContent, error: null, meta, result };
}

const ID = /\b[a-z]+_[0-9A-HJKMNP-TV-Z]{26}\b/g;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;

/**
 * `value` with ids numbered in order of appearance (also inside messages), timestamps blanked and
 * cursors (opaque encodings of an id) blanked, for comparing one run with another.
 */
export function normalize(value: unknown, ids: Map<string, string> = new Map(), key = ""): unknown {
  if (key === "jobs" && Array.isArray(value)) return value.map((job) => normalize(backgroundProgressOut(job), ids));
  if (typeof value === "string") {
    if (key.endsWith("cursor")) return "<cursor>";
    return value
      .replace(ID, (id) => {
        if (!ids.has(id)) ids.set(id, `<${id.split("_")[0]}#${ids.size + 1}>`);
        return ids.get(id)!;
      })
      .replace(TIMESTAMP, "<time>");
  }
  if (Array.isArray(value)) return value.map((item) => normalize(item, ids));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, ids, k)]));
  return value;
}
