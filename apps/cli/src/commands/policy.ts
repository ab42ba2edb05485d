// `salestouch policy list|set|unset|show`: permission rules of a workspace and of its API keys,
// on this machine's database. A rule says allow, ask (hold for approval) or deny for "*", a
// category or a command id; the most specific rule wins (docs/approvals.md "Permissions").
import { CATEGORIES, PERMISSIONS, type Permission } from "@salestouch/contracts";
import type { LocalRuntime } from "@salestouch/host";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { colorsFor } from "../color.js";
import { EXIT } from "../exit-codes.js";
import { writeJson, type OutputContext } from "../output.js";
import { renderTable } from "../render/table.js";
import type { VerbContext } from "./context.js";
import { asInvalid, withLocalDatabase, workspaceNamed } from "./local-admin.js";

const RULE_HINT = `A target is *, a category (${CATEGORIES.join(", ")}) or a command id; a permission is ${PERMISSIONS.join(", ")}.`;

interface PolicyOptions {
  workspace: string;
  key?: string;
  json?: boolean;
}

/** "workspace", or the key id after checking it belongs to the workspace. */
async function subjectOf(local: LocalRuntime, workspaceId: string, keyId: string | undefined): Promise<string> {
  if (keyId === undefined) return "workspace";
  const key = (await local.keys.list(workspaceId)).find((k) => k.id === keyId);
  if (!key)
    throw new CliError("not_found", `no API key ${keyId} in this workspace`, { hint: "List the keys and their ids with `salestouch keys list`." });
  return key.id;
}

async function listRules(local: LocalRuntime, options: PolicyOptions, out: OutputContext): Promise<number> {
  const workspace = await workspaceNamed(local, options.workspace);
  const rules = (await local.policy.list(workspace.id)).filter((r) => options.key === undefined || r.subject === options.key);
  const rows = rules.map((r) => ({
    applies_to: r.subject === "workspace" ? "workspace" : r.subject === "api_keys" ? "every API key (starting policy)" : `key ${r.subject}`,
    target: r.target,
    permission: r.permission,
    updated_at: r.updated_at,
  }));
  if (out.json) writeJson(out.io, { workspace: workspace.name, rules: rows });
  else if (rows.length === 0)
    out.io.stdout.write(`No rules in workspace ${workspace.name}: every command has its default_permission (see \`salestouch policy show\`).\n`);
  else out.io.stdout.write(renderTable(rows, { paint: colorsFor(out.io.stdout, out.io.env) }));
  return EXIT.ok;
}

async function setRule(local: LocalRuntime, target: string, permission: string, options: PolicyOptions, out: OutputContext): Promise<number> {
  const { checkPermission } = await import("@salestouch/host");
  const workspace = await workspaceNamed(local, options.workspace);
  const subject = await subjectOf(local, workspace.id, options.key);
  let checked: Permission;
  try {
    checked = checkPermission(permission);
    await local.policy.set(workspace.id, subject, { target, permission: checked });
  } catch (error) {
    asInvalid(error, RULE_HINT);
  }
  const rule = { applies_to: subject === "workspace" ? "workspace" : `key ${subject}`, target, permission: checked };
  if (out.json) writeJson(out.io, { workspace: workspace.name, rule });
  else out.io.stdout.write(`Set ${rule.applies_to} rule ${target}: ${checked} in workspace ${workspace.name}.\n`);
  return EXIT.ok;
}

async function unsetRule(local: LocalRuntime, target: string, options: PolicyOptions, out: OutputContext): Promise<number> {
  const workspace = await workspaceNamed(local, options.workspace);
  const subject = await subjectOf(local, workspace.id, options.key);
  const removed = await local.policy.unset(workspace.id, subject, target);
  if (out.json) writeJson(out.io, { workspace: workspace.name, removed });
  else
    out.io.stdout.write(
      removed
        ? `Removed the rule on ${target}.\n`
        : `There was no rule on ${target} for ${subject === "workspace" ? "the workspace" : `key ${subject}`}; nothing changed.\n`,
    );
  return EXIT.ok;
}

async function showEffective(local: LocalRuntime, options: PolicyOptions, out: OutputContext): Promise<number> {
  const workspace = await workspaceNamed(local, options.workspace);
  const subject = await subjectOf(local, workspace.id, options.key);
  const keyId = subject === "workspace" ? null : subject;
  const effective = await local.policy.effective({ workspaceId: workspace.id, keyId, scopes: ["*"], kind: keyId ? "api_key" : "local" });
  if (out.json) writeJson(out.io, { workspace: workspace.name, key_id: keyId, permissions: effective });
  else
    out.io.stdout.write(
      renderTable(
        effective.map((e) => ({ id: e.command_id, permission: e.permission, decided_by: e.source })),
        { paint: colorsFor(out.io.stdout, out.io.env) },
      ),
    );
  return EXIT.ok;
}

export function registerPolicy(program: Command, ctx: VerbContext): void {
  const policy = program
    .command("policy")
    .summary("permission rules: allow, ask (hold for approval) or deny, per workspace or API key")
    .description(
      `Rules on this machine's database. ${RULE_HINT} Precedence: the command's default_permission < workspace rule on * < on the category < on the command < the key's rule on * < on the category < on the command.`,
    )
    .helpCommand(false);
  const workspace = ["--workspace <workspace>", "the workspace (default: default)", "default"] as const;
  const key = ["--key <key_id>", "a rule of this API key instead of the whole workspace"] as const;
  policy
    .command("list")
    .summary("list the rules")
    .option(...workspace)
    .option(...key)
    .option("--json", "print the rules as JSON")
    .action((options: PolicyOptions, command: Command) =>
      withLocalDatabase(command, options.json === true, ctx, (local, out) => listRules(local, options, out)),
    );
  policy
    .command("set")
    .summary("set a rule (replaces one on the same target)")
    .argument("<target>", "*, a category or a command id")
    .argument("<permission>", "allow, ask or deny")
    .option(...workspace)
    .option(...key)
    .option("--json", "print the rule as JSON")
    .action((target: string, permission: string, options: PolicyOptions, command: Command) =>
      withLocalDatabase(command, options.json === true, ctx, (local, out) => setRule(local, target, permission, options, out)),
    );
  policy
    .command("unset")
    .summary("remove a rule")
    .argument("<target>", "the rule's target")
    .option(...workspace)
    .option(...key)
    .option("--json", "print {removed} as JSON")
    .action((target: string, options: PolicyOptions, command: Command) =>
      withLocalDatabase(command, options.json === true, ctx, (local, out) => unsetRule(local, target, options, out)),
    );
  policy
    .command("show")
    .summary("what each command resolves to, and which rule decides")
    .option(...workspace)
    .option(...key)
    .option("--json", "print the permissions as JSON")
    .action((options: PolicyOptions, command: Command) =>
      withLocalDatabase(command, options.json === true, ctx, (local, out) => showEffective(local, options, out)),
    );
}
