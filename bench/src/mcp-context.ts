// What the MCP server costs a model's context before it does anything: the tools/list answer in
// each mode, the server instructions and the catalog resource, in characters and in tokens at four
// characters a token (docs/mcp.md "Context budget"; the budget is 8,000 tokens for tools/list).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface ContextFigure {
  characters: number;
  tokens: number;
}

/** The JSON-RPC results of a fresh salestouch-mcp for these requests, by request id. */
async function answers(bin: string, args: string[], env: NodeJS.ProcessEnv, requests: object[]): Promise<Map<number, unknown>> {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["pipe", "pipe", "ignore"] });
  const messages = [
    {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "0" } },
    },
    { jsonrpc: "2.0", method: "notifications/initialized" },
    ...requests.map((r, i) => ({ jsonrpc: "2.0", id: i + 2, ...r })),
  ];
  child.stdin.write(`${messages.map((m) => JSON.stringify(m)).join("\n")}\n`);
  const wanted = requests.length + 1;
  const results = new Map<number, unknown>();
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const lines = out.split("\n");
      out = lines.pop() ?? "";
      for (const line of lines.filter(Boolean)) {
        const message = JSON.parse(line) as { id?: number; result?: unknown };
        if (typeof message.id === "number") results.set(message.id, message.result);
      }
      if (results.size >= wanted) resolve();
    });
    child.once("exit", (code) => reject(new Error(`salestouch-mcp exited ${code} before answering`)));
  });
  child.kill("SIGKILL");
  return results;
}

const figure = (value: unknown): ContextFigure => {
  const characters = typeof value === "string" ? value.length : JSON.stringify(value).length;
  return { characters, tokens: Math.ceil(characters / 4) };
};

export async function benchMcpContext(root: string, workDir: string): Promise<Record<string, ContextFigure> | null> {
  const bin = join(root, "apps/mcp/dist/main.js");
  if (!existsSync(bin)) return null;
  const env = {
    ...process.env,
    SALESTOUCH_HOME: join(workDir, "mcp-context"),
    SALESTOUCH_DATABASE_URL: "",
    DATABASE_URL: "",
    SALESTOUCH_API_BASE_URL: "",
    HOME: workDir,
    XDG_CONFIG_HOME: join(workDir, "config"),
  };
  const concise = await answers(bin, [], env, [
    { method: "tools/list" },
    { method: "resources/read", params: { uri: "salestouch://catalog" } },
    { method: "prompts/list" },
  ]);
  const full = await answers(bin, ["--schemas", "full"], env, [{ method: "tools/list" }]);
  const dynamic = await answers(bin, ["--dynamic"], env, [{ method: "tools/list" }]);
  const init = concise.get(1) as { instructions?: string };
  const out: Record<string, ContextFigure> = {
    "tools/list (default, concise)": figure(concise.get(2)),
    "tools/list --schemas full": figure(full.get(2)),
    "tools/list --dynamic": figure(dynamic.get(2)),
    "server instructions": figure(init.instructions ?? ""),
    "salestouch://catalog": figure((concise.get(3) as { contents: { text: string }[] }).contents[0]!.text),
  };
  if (concise.get(4)) out["prompts/list"] = figure(concise.get(4));
  return out;
}
