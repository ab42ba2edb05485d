// The built salestouch-mcp binary (dist/main.js running dist/stdio.cjs): flags, stdout discipline and its code cache.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectCommands, toolFor } from "@salestouch/mcp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const APP = join(import.meta.dirname, "..");
const DIST = join(APP, "dist");
const BIN = join(DIST, "main.js");
const VERSION = (JSON.parse(readFileSync(join(APP, "package.json"), "utf8")) as { version: string }).version;

let home: string;
let env: Record<string, string>;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), "salestouch-mcp-main-"));
  env = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: join(home, "config"),
    SALESTOUCH_HOME: join(home, "data"),
    SALESTOUCH_LOG_LEVEL: "info",
  };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const MESSAGES = [
  {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "tests", version: "0" } },
  },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", id: 2, method: "tools/list" },
];

/** A tool call sent before tools/list. */
const CALL_FIRST = [
  ...MESSAGES.slice(0, 2),
  { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "mission_list", arguments: {} } },
  MESSAGES[2]!,
];

/** Starts the binary, asks for tools/list and ends the session once it is answered; returns every stdout line. */
async function session(args: string[] = [], messages: object[] = MESSAGES): Promise<string[]> {
  const child = spawn(process.execPath, [BIN, ...args], { env, cwd: home });
  child.stdin.write(`${messages.map((m) => JSON.stringify(m)).join("\n")}\n`);
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('"id":2')) child.stdin.end();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(code).toBe(0);
  return out.trimEnd().split("\n");
}

const serveCaches = (): string[] => readdirSync(DIST).filter((name) => /^stdio\.cjs\.serve-.*\.v8cache$/.test(name));

describe("salestouch-mcp", () => {
  it("prints its version and its help on stdout, with --debug among the options", () => {
    expect(spawnSync(process.execPath, [BIN, "--version"], { env, encoding: "utf8" }).stdout).toBe(`${VERSION}\n`);
    const help = spawnSync(process.execPath, [BIN, "--help"], { env, encoding: "utf8" });
    expect([help.status, help.stderr]).toEqual([0, ""]);
    expect(help.stdout).toMatch(/^Usage: salestouch-mcp/);
    expect(help.stdout).toContain("--debug");
  });

  it("answers tools/list with JSON-RPC alone on stdout, plainly and under --debug", async () => {
    for (const args of [[], ["--debug"], ["--read-only", "--dotted-names"]]) {
      const lines = await session(args);
      expect(lines.map((line) => (JSON.parse(line) as { jsonrpc: string }).jsonrpc)).toEqual(["2.0", "2.0"]);
      expect((JSON.parse(lines[1]!) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(0);
    }
  });

  it("lists each command's concise input schema, computed when it was built, as the package computes it", async () => {
    const listed = (JSON.parse((await session())[1]!) as { result: { tools: { name: string; inputSchema: unknown }[] } }).result.tools;
    const computed = new Map(selectCommands({}).map((definition) => [toolFor(definition).name, toolFor(definition).inputSchema]));
    const commands = listed.filter((tool) => computed.has(tool.name));
    expect(commands.length).toBe(computed.size);
    for (const tool of commands) expect([tool.name, tool.inputSchema]).toEqual([tool.name, computed.get(tool.name)]);
  });

  it("leaves a code cache of its own beside the bundle on a first start, and starts from it later", async () => {
    for (const name of serveCaches()) rmSync(join(DIST, name), { force: true });
    await session();
    const [cache] = serveCaches();
    expect(cache).toBeDefined();
    const written = statSync(join(DIST, cache!));
    await session();
    expect(serveCaches()).toEqual([cache]);
    expect(statSync(join(DIST, cache!)).ino).toBe(written.ino);
  });

  it("leaves completing its code cache to a later session when the first one asks for a tool call before tools/list", async () => {
    for (const name of serveCaches()) rmSync(join(DIST, name), { force: true });
    await session([], CALL_FIRST);
    // The cache saved once set up, not one holding what the tool call compiled.
    expect(serveCaches().filter((name) => name.includes(".ready."))).toEqual([]);
    await session();
    expect(serveCaches().filter((name) => name.includes(".ready."))).toHaveLength(1);
  });

  it("ignores a damaged code cache and writes a good one", async () => {
    await session();
    const [cache] = serveCaches();
    writeFileSync(join(DIST, cache!), "not a code cache");
    expect(await session()).toHaveLength(2);
    expect(statSync(join(DIST, cache!)).size).toBeGreaterThan(1000);
  });
});
