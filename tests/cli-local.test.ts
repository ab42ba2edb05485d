// The salestouch binary in local mode: a child process on a temp embedded database.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { commandIds, errorCatalogue, registry, type Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, cliSandbox, runCommandJson, type CliSandbox } from "./helpers/cli.js";
import { createTestDatabase } from "./helpers/postgres.js";
import { assertSeedShape } from "./helpers/seed.js";

let sandbox: CliSandbox;

beforeAll(() => {
  sandbox = cliSandbox();
});
afterAll(() => sandbox.remove());

const CLI_DIST = dirname(CLI_BIN);
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe("salestouch commands run (local mode)", () => {
  it("prints exactly one envelope on stdout with --json, valid against the published mission.create schema", async () => {
    const result = await sandbox.run(["commands", "run", "mission.create", "--input-json", '{"name":"Q3 fintech CFOs"}', "--json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.endsWith("}\n")).toBe(true);
    const envelope = JSON.parse(result.stdout) as Envelope;
    expect(Object.keys(envelope)).toEqual(["ok", "status", "data", "error", "meta"]);
    expect(envelope.ok).toBe(true);
    expect(registry["mission.create"].validateOutput(envelope.data)).toBe(true);
    assertSeedShape(envelope.data);
  });

  it("keeps its data in the default database file, so later calls see earlier ones", async () => {
    await runCommandJson(sandbox, "mission.create", { name: "Shared data" });
    expect(existsSync(join(sandbox.dataHome, "salestouch", "salestouch.db"))).toBe(true);
    const { envelope } = await runCommandJson(sandbox, "mission.list", { query: "Shared data" });
    expect((envelope.data as { missions: { name: string }[] }).missions.map((m) => m.name)).toEqual(["Shared data"]);
  });

  it("reads the input from standard input with --input-file -", async () => {
    const result = await sandbox.runJson<Envelope>(["commands", "run", "mission.create", "--input-file", "-", "--json"], {
      stdin: '{"name": "From stdin"}',
    });
    expect(result.code).toBe(0);
    expect((result.json.data as { mission: { name: string } }).mission.name).toBe("From stdin");
  });

  it("reads the input from a file with --input-file <path>, relative to the working directory", async () => {
    writeFileSync(join(sandbox.cwd, "input.json"), '{"name": "From a file"}');
    const result = await sandbox.runJson<Envelope>(["commands", "run", "mission.create", "--input-file", "input.json", "--json"]);
    expect((result.json.data as { mission: { name: string } }).mission.name).toBe("From a file");
  });

  it("applies the compact response profile with --compact and says so in meta.warnings", async () => {
    const { envelope } = await sandbox
      .runJson<Envelope>(["commands", "run", "mission.create", "--input-json", '{"name":"Compact","example_messages":["Hi"]}', "--compact", "--json"])
      .then((r) => ({ envelope: r.json }));
    expect((envelope.data as { mission: { brief: { example_messages: string[] } } }).mission.brief.example_messages).toEqual([]);
    expect(envelope.meta.warnings.join(" ")).toMatch(/compact/);
  });

  it("renders a list as a table and one entity as a key/value block without --json", async () => {
    const list = await sandbox.run(["commands", "run", "mission.list", "--input-json", '{"query":"Shared data"}']);
    expect(list.code).toBe(0);
    expect(list.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+STATUS/);
    expect(list.stdout).toMatch(/^mis_\S+\s+Shared data\s+active/m);
    const created = await sandbox.run(["commands", "run", "mission.create", "--input-json", '{"name":"Block"}']);
    expect(created.stdout).toMatch(/^mission\.name\s+Block$/m);
    expect(created.stdout).toMatch(/^mission\.brief\.cta_url\s+-$/m);
  });

  it("runs on a PostgreSQL database named by SALESTOUCH_DATABASE_URL", async () => {
    const env = { SALESTOUCH_DATABASE_URL: await createTestDatabase("cli") };
    expect((await runCommandJson(sandbox, "mission.create", { name: "On PostgreSQL" }, env)).code).toBe(0);
    const { envelope } = await runCommandJson(sandbox, "mission.list", {}, env);
    expect((envelope.data as { missions: { name: string }[] }).missions.map((m) => m.name)).toEqual(["On PostgreSQL"]);
  });

  it("ignores a damaged code cache and writes a good one", async () => {
    await sandbox.run(["commands", "run", "mission.list"]);
    const caches = readdirSync(CLI_DIST).filter((name) => name.endsWith(".v8cache"));
    expect(caches.length).toBeGreaterThan(0);
    for (const name of caches) writeFileSync(join(CLI_DIST, name), "not a code cache");
    const { code, json } = await sandbox.runJson<Envelope>(["commands", "run", "mission.list", "--json"]);
    expect([code, json.ok]).toEqual([0, true]);
    expect(caches.some((name) => statSync(join(CLI_DIST, name)).size > 1000)).toBe(true);
  });

  it("defaults the input to {} when no input option is given", async () => {
    const { code, json } = await sandbox.runJson<Envelope>(["commands", "run", "mission.list", "--json"]);
    expect(code).toBe(0);
    expect(json.ok).toBe(true);
  });
});

describe("salestouch failures (local mode)", () => {
  it("exits 2 with the fields at fault for invalid input, the envelope on stdout with --json", async () => {
    const { code, envelope } = await runCommandJson(sandbox, "mission.create", { name: "" });
    expect(code).toBe(errorCatalogue.invalid_input.exit_code);
    expect(envelope.error?.code).toBe("invalid_input");
    expect(envelope.error?.details?.[0]?.path).toBe("/name");
  });

  it("exits 3 for a missing entity", async () => {
    const { code, envelope } = await runCommandJson(sandbox, "mission.get", { mission_id: "mis_01J0000000000000000000000Z" });
    expect(code).toBe(3);
    expect(envelope.error?.code).toBe("not_found");
  });

  it("exits 3 for an unknown command and suggests the closest ids", async () => {
    const result = await sandbox.run(["commands", "run", "mission.creat", "--input-json", "{}"]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/unknown_command/);
    expect(result.stderr).toMatch(/Did you mean mission\.create/);
  });

  it("says where invalid JSON broke, in one line, without a stack trace", async () => {
    const result = await sandbox.run(["commands", "run", "mission.create", "--input-json", '{"name": }']);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toMatch(/--input-json is not valid JSON at line 1, column 10/);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it("still prints an envelope with --json when the input is not JSON", async () => {
    const { code, json } = await sandbox.runJson<Envelope>(["commands", "run", "mission.create", "--input-json", "{'name': 1}", "--json"]);
    expect(code).toBe(2);
    expect(json).toMatchObject({ ok: false, status: 400, data: null, error: { code: "invalid_input" } });
    expect(json.error?.message).toMatch(/single quotes/);
    expect(json.meta.command_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names an unreadable --input-file and exits 2", async () => {
    const result = await sandbox.run(["commands", "run", "mission.create", "--input-file", "missing.json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read --input-file missing\.json: no such file/);
  });

  it("exits 2 on a usage error such as an unknown option", async () => {
    const result = await sandbox.run(["commands", "run", "mission.list", "--no-such-option"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/mission.list has no flag --no-such-option/);
    expect(result.stderr).toContain("--input-json");
  });

  it("exits 7 when the database cannot be opened, with the stack trace only under --debug", async () => {
    const env = { SALESTOUCH_DATABASE_URL: "mysql://nowhere/db" };
    const plain = await sandbox.run(["commands", "run", "mission.list"], { env });
    expect(plain.code).toBe(7);
    expect(plain.stderr).toMatch(/cannot open the database mysql:\/\/nowhere\/db \(from SALESTOUCH_DATABASE_URL\)/);
    expect(plain.stderr).not.toMatch(STACK_LINE);
    const debug = await sandbox.run(["--debug", "commands", "run", "mission.list"], { env });
    expect(debug.code).toBe(7);
    expect(debug.stderr).toMatch(STACK_LINE);
  });

  it("writes no colour codes when stderr is not a terminal", async () => {
    const result = await sandbox.run(["commands", "run", "mission.get", "--input-json", '{"mission_id":"mis_01J0000000000000000000000Z"}']);
    expect(result.stderr).toMatch(/^error not_found: /);
    expect(result.stderr).not.toContain("\u001b[");
  });

  it("stops quietly with exit 0 when the reader of its output goes away (`… | head`)", async () => {
    // More than a pipe holds (64 KiB), never read: the CLI's write meets a closed pipe (EPIPE).
    const child = spawn(process.execPath, [CLI_BIN, "commands", "list", "--json"], {
      cwd: sandbox.cwd,
      env: sandbox.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdout.destroy();
    const [code] = (await once(child, "close")) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toBe("");
  });
});

describe("salestouch catalogue and help", () => {
  it("lists every command with --json in the shape of GET /api/v1/commands", async () => {
    const { code, json } = await sandbox.runJson<{ data: { commands: { command_id: string }[] } }>(["commands", "list", "--json"]);
    expect(code).toBe(0);
    expect(json.data.commands.map((c) => c.command_id)).toEqual([...commandIds]);
    expect(json.data.commands[0]).toEqual(registry[commandIds[0]!].descriptor);
  });

  it("filters the list by category and rejects an unknown one", async () => {
    const { json } = await sandbox.runJson<{ data: { commands: { category: string }[] } }>(["commands", "list", "--category", "offers", "--json"]);
    expect(new Set(json.data.commands.map((c) => c.category))).toEqual(new Set(["offers"]));
    expect((await sandbox.run(["commands", "list", "--category", "nope"])).code).toBe(2);
  });

  it("shows a command's schemas with --json in the shape of GET /api/v1/commands/{id}/schema", async () => {
    const { json } = await sandbox.runJson<{ data: { command: Record<string, unknown> } }>(["commands", "schema", "mission.create", "--json"]);
    expect(json.data.command["input_schema"]).toEqual(registry["mission.create"].inputSchema);
    expect(json.data.command["output_schema"]).toEqual(registry["mission.create"].outputSchema);
    const unknown = await sandbox.runJson<{ error: { code: string } }>(["commands", "schema", "mision.create", "--json"]);
    expect([unknown.code, unknown.json.error.code]).toEqual([3, "unknown_command"]);
  });

  it("generates a command's help from the spec, the same from `help` and from --help", async () => {
    const viaHelp = await sandbox.run(["help", "commands", "run", "mission.create"]);
    const viaFlag = await sandbox.run(["commands", "run", "mission.create", "--help"]);
    expect(viaHelp.code).toBe(0);
    expect(viaFlag.stdout).toBe(viaHelp.stdout);
    const descriptor = registry["mission.create"].descriptor;
    expect(viaHelp.stdout).toContain(descriptor.summary);
    expect(viaHelp.stdout).toContain(descriptor.when_to_use);
    expect(viaHelp.stdout).toMatch(/^ {2}name {2}\(string, required\)$/m);
    expect(viaHelp.stdout).toMatch(/^ {2}cta_url {2}\(string \(uri\) or null, optional\)$/m);
    expect(viaHelp.stdout).toContain(descriptor.examples[0]!.code);
  });

  it("prints the exit-code table with every catalogue code", async () => {
    const result = await sandbox.run(["help", "exit-codes"]);
    expect(result.code).toBe(0);
    for (const code of Object.keys(errorCatalogue)) expect(result.stdout).toContain(code);
    expect(result.stdout).toMatch(/^ {2}6 {2}approval_pending/m);
  });

  it("prints the version and exits 0", async () => {
    const result = await sandbox.run(["--version"]);
    expect([result.code, result.stdout.trim()]).toEqual([0, "0.1.0"]);
  });
});

describe("salestouch keys (local database)", () => {
  it("creates a key shown once, lists it without the secret and revokes it", async () => {
    const created = await sandbox.runJson<{ key: string; api_key: { id: string; scopes: string[] } }>([
      "keys",
      "create",
      "--name",
      "ci",
      "--scopes",
      "missions.read,offers.read",
      "--json",
    ]);
    expect(created.code).toBe(0);
    expect(created.json.key).toMatch(/^st_/);
    expect(created.json.api_key.scopes).toEqual(["missions.read", "offers.read"]);
    const listed = await sandbox.run(["keys", "list", "--json"]);
    expect(listed.stdout).toContain(created.json.api_key.id);
    expect(listed.stdout).not.toContain(created.json.key);
    expect(listed.stdout).not.toContain("key_hash");
    const revoked = await sandbox.runJson<{ api_key: { revoked_at: string | null } }>(["keys", "revoke", created.json.api_key.id, "--json"]);
    expect(revoked.json.api_key.revoked_at).not.toBeNull();
  });

  it("prints only the key on stdout without --json, so a script can capture it", async () => {
    const result = await sandbox.run(["keys", "create", "--name", "script"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^st_[0-9A-Za-z_-]+\n$/);
    expect(result.stderr).toMatch(/shown once/);
  });

  it("exits 3 when revoking an unknown key and 2 for an unknown scope", async () => {
    expect((await sandbox.run(["keys", "revoke", "key_nope"])).code).toBe(3);
    const scopes = await sandbox.run(["keys", "create", "--name", "x", "--scopes", "everything"]);
    expect(scopes.code).toBe(2);
    expect(scopes.stderr).toMatch(/unknown scope everything/);
  });
});
