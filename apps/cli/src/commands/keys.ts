// `salestouch keys create|list|revoke`: API keys on this machine's embedded database, in either
// mode — a remote server's keys are administered on the server's machine. The full key is shown once.
// Types only: the host (store, handlers) is loaded by local-database.ts when a keys verb runs.
import type { LocalRuntime } from "@salestouch/host";
import type { Settings } from "@salestouch/host/settings";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { colorsFor } from "../color.js";
import { EXIT } from "../exit-codes.js";
import { writeJson, type OutputContext } from "../output.js";
import { renderEntity } from "../render/entity.js";
import { renderTable } from "../render/table.js";
import { describeDatabase } from "../setting-origin.js";
import type { VerbContext } from "./context.js";
import { withLocalDatabase } from "./local-admin.js";
import { terminalSafe } from "../render/terminal-safe.js";

interface KeyView {
  id: string;
  name: string;
  workspace: string;
  display_prefix: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

async function keyViews(local: LocalRuntime, workspaceId?: string): Promise<KeyView[]> {
  const workspaces = new Map((await local.store.repositories.workspaces.list()).map((w) => [w.id, w.name]));
  return (await local.keys.list(workspaceId)).map((row) => ({
    id: row.id,
    name: row.name,
    workspace: workspaces.get(row.workspace_id) ?? row.workspace_id,
    display_prefix: row.display_prefix,
    scopes: JSON.parse(row.scopes) as string[],
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  }));
}

function tableRow(view: KeyView): Record<string, unknown> {
  const status = view.revoked_at ? "revoked" : "active";
  return {
    id: view.id,
    name: view.name,
    workspace: view.workspace,
    status,
    scopes: view.scopes.join(","),
    prefix: view.display_prefix,
    created_at: view.created_at,
    last_used_at: view.last_used_at,
  };
}

function noteRemote(settings: Settings, out: OutputContext): void {
  if (settings.mode !== "remote" || out.json) return;
  const paint = colorsFor(out.io.stderr, out.io.env);
  out.io.stderr.write(
    `${paint.yellow(`note: keys live on this machine's database ${describeDatabase(settings.database)}, not on the server at ${settings.baseUrl?.value}; run keys commands on the server's machine for its keys`)}\n`,
  );
}

async function parseScopeList(list: string | undefined): Promise<string[] | undefined> {
  if (list === undefined) return undefined;
  const { parseScopes } = await import("@salestouch/runtime");
  try {
    return parseScopes(list);
  } catch (error) {
    throw new CliError("invalid_input", (error as Error).message, {
      hint: "Pass a comma-separated list, e.g. --scopes missions.read,offers.read, or * for every scope.",
    });
  }
}

interface CreateOptions {
  name: string;
  workspace: string;
  scopes?: string;
  permissions?: string;
  json?: boolean;
}

async function parsePermissionList(list: string | undefined) {
  if (list === undefined) return undefined;
  const { parseRuleList } = await import("@salestouch/host");
  try {
    return parseRuleList(list);
  } catch (error) {
    throw new CliError("invalid_input", (error as Error).message, {
      hint: "Pass target=permission pairs, e.g. --permissions imports=ask,linkedin.draft.approve=ask (targets: *, a category or a command id).",
    });
  }
}

async function createKey(options: CreateOptions, local: LocalRuntime, out: OutputContext): Promise<number> {
  const created = await local.keys.create({
    name: options.name,
    workspace: options.workspace,
    scopes: await parseScopeList(options.scopes),
    permissions: await parsePermissionList(options.permissions),
  });
  const view = (await keyViews(local, created.workspace.id)).find((k) => k.id === created.row.id)!;
  if (out.json) {
    writeJson(out.io, { key: created.key, api_key: view });
  } else {
    // The key alone on stdout, so KEY=$(salestouch keys create …) captures it; the rest is for people.
    out.io.stdout.write(`${created.key}\n`);
    out.io.stderr.write(renderEntity(view, colorsFor(out.io.stderr, out.io.env)));
    out.io.stderr.write("The key above is shown once; store it now (e.g. SALESTOUCH_API_KEY).\n");
  }
  return EXIT.ok;
}

async function listKeys(options: { workspace?: string }, local: LocalRuntime, out: OutputContext): Promise<number> {
  let workspaceId: string | undefined;
  if (options.workspace !== undefined) {
    const workspace = await local.store.repositories.workspaces.findByName(options.workspace);
    if (!workspace)
      throw new CliError("not_found", `no workspace is named "${options.workspace}"`, {
        hint: "Run `salestouch keys list` without --workspace to see every workspace's keys.",
      });
    workspaceId = workspace.id;
  }
  const views = await keyViews(local, workspaceId);
  if (out.json) writeJson(out.io, { api_keys: views });
  else if (views.length === 0) out.io.stdout.write("No API keys. Create one with `salestouch keys create --name <name>`.\n");
  else out.io.stdout.write(renderTable(views.map(tableRow), { paint: colorsFor(out.io.stdout, out.io.env), maxColumns: 8 }));
  return EXIT.ok;
}

async function revokeKey(keyId: string, local: LocalRuntime, out: OutputContext): Promise<number> {
  const existing = (await keyViews(local)).find((k) => k.id === keyId);
  if (!existing)
    throw new CliError("not_found", `no API key has the id "${keyId}"`, { hint: "List the keys and their ids with `salestouch keys list`." });
  await local.keys.revoke(keyId);
  const view = (await keyViews(local)).find((k) => k.id === keyId)!;
  if (out.json) writeJson(out.io, { api_key: view });
  else
    out.io.stdout.write(
      existing.revoked_at
        ? `API key ${keyId} was already revoked at ${existing.revoked_at}.\n`
        : `Revoked API key ${keyId} (${terminalSafe(view.name)}); it stops working at once.\n`,
    );
  return EXIT.ok;
}

export function registerKeys(program: Command, ctx: VerbContext): void {
  const keys = program
    .command("keys")
    .summary("administer API keys on this machine's database")
    .description(
      "Create, list and revoke API keys on the embedded database of this machine (the one `npm start` serves by default). These commands always use the local database, also when a remote base URL is configured.",
    )
    .helpCommand(false);
  keys
    .command("create")
    .summary("create an API key (shown once)")
    .description(
      "Create an API key. Without --json, stdout holds only the key (KEY=$(salestouch keys create --name ci)) and the details go to stderr. The full key is shown once; only its hash is stored.",
    )
    .requiredOption("--name <name>", "a name that says who or what uses the key")
    .option("--workspace <workspace>", "workspace name, created if missing", "default")
    .option(
      "--scopes <list>",
      "comma-separated scopes, e.g. missions.read,offers.write (default *: every scope); add approvals.decide for a person who approves held calls (* never includes it)",
    )
    .option(
      "--permissions <rules>",
      "rules of this key, e.g. imports=ask,linkedin.draft.approve=ask (allow, ask = hold for approval, deny); see `salestouch policy`",
    )
    .option("--json", "print the key and its details as one JSON document")
    .action((options: CreateOptions, command: Command) =>
      withLocalDatabase(command, options.json === true, ctx, (local, out) => createKey(options, local, out), noteRemote),
    );
  keys
    .command("list")
    .summary("list API keys (never the keys themselves)")
    .option("--workspace <workspace>", "only the keys of this workspace")
    .option("--json", 'print {"api_keys": [...]}')
    .action((options: { workspace?: string; json?: boolean }, command: Command) =>
      withLocalDatabase(command, options.json === true, ctx, (local, out) => listKeys(options, local, out), noteRemote),
    );
  keys
    .command("revoke")
    .summary("revoke an API key at once")
    .argument("<key_id>", "the key's id (key_…), from `salestouch keys list`")
    .option("--json", 'print {"api_key": {...}} after revoking')
    .action((keyId: string, options: { json?: boolean }, command: Command) =>
      withLocalDatabase(command, options.json === true, ctx, (local, out) => revokeKey(keyId, local, out), noteRemote),
    );
}
