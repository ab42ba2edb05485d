// `salestouch approvals list|show|approve|deny`: the person's side of held calls. In local mode
// the CLI is the person at this machine and may decide; in remote mode the configured key needs
// the approvals.decide scope. Approving runs the held command once and shows what it answered.
import { APPROVAL_STATUSES as STATUSES, type ApprovalView } from "@salestouch/contracts";
import { resolveSettings } from "@salestouch/host/settings";
import type { Command } from "commander";
import { openDesk, type ApprovalFilter, type CliDesk } from "../approval-desk.js";
import { CliError } from "../cli-error.js";
import { colorsFor } from "../color.js";
import { EXIT } from "../exit-codes.js";
import { writeFailure, writeJson, type OutputContext } from "../output.js";
import { renderEntity } from "../render/entity.js";
import { renderTable } from "../render/table.js";
import { isDebug, type VerbContext } from "./context.js";

interface DeskOptions {
  workspace: string;
  json?: boolean;
}

type DeskAction = (desk: CliDesk, out: OutputContext) => Promise<number>;

async function withDesk(command: Command, options: DeskOptions, ctx: VerbContext, action: DeskAction): Promise<void> {
  const out: OutputContext = { io: ctx.io, json: options.json === true, debug: isDebug(command) };
  try {
    const settings = resolveSettings({ env: ctx.io.env, cwd: ctx.io.cwd });
    const desk = await openDesk({ settings, io: ctx.io, debug: out.debug, workspace: options.workspace });
    try {
      ctx.setExitCode(await action(desk, out));
    } finally {
      await desk.close();
    }
  } catch (error) {
    ctx.setExitCode(writeFailure(error, out));
  }
}

function tableRow(view: ApprovalView): Record<string, unknown> {
  const by = view.requested_by.kind === "local" ? "local" : view.requested_by.key_id;
  return {
    id: view.id,
    status: view.status,
    command_id: view.command_id,
    requested_by: by,
    requested_at: view.requested_at,
    expires_at: view.expires_at,
    decided_at: view.decided_at,
  };
}

/** One request for a person: the decision first, then what the command would do (or did). */
function writeView(view: ApprovalView, out: OutputContext): void {
  if (out.json) {
    writeJson(out.io, { approval: view });
    return;
  }
  const paint = colorsFor(out.io.stdout, out.io.env);
  const { input, preview, result, ...head } = view;
  out.io.stdout.write(renderEntity(head, paint));
  out.io.stdout.write(`\n${paint.bold("input")}\n${renderEntity(input, paint)}`);
  out.io.stdout.write(`\n${paint.bold("what approving does")}\n${renderEntity(preview, paint)}`);
  if (result) out.io.stdout.write(`\n${paint.bold("result")}\n${renderEntity(result.ok ? result.data : result.error, paint)}`);
}

function parseFilter(options: { status?: string; limit?: string }): ApprovalFilter {
  if (options.status !== undefined && !(STATUSES as readonly string[]).includes(options.status)) {
    throw new CliError("invalid_input", `--status ${options.status} is not a status`, { hint: `Use one of ${STATUSES.join(", ")}.` });
  }
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 200))
    throw new CliError("invalid_input", "--limit must be a whole number from 1 to 200");
  return { status: options.status as ApprovalFilter["status"], limit };
}

async function listApprovals(desk: CliDesk, options: { status?: string; limit?: string }, out: OutputContext): Promise<number> {
  const page = await desk.list(parseFilter(options));
  if (out.json) writeJson(out.io, page);
  else if (page.approvals.length === 0) out.io.stdout.write(`No ${options.status ?? ""} approval requests.\n`.replace("No  ", "No "));
  else out.io.stdout.write(renderTable(page.approvals.map(tableRow), { paint: colorsFor(out.io.stdout, out.io.env), maxColumns: 7 }));
  return EXIT.ok;
}

async function decide(desk: CliDesk, id: string, decision: "approve" | "deny", note: string | undefined, out: OutputContext): Promise<number> {
  const view = decision === "approve" ? await desk.approve(id, note) : await desk.deny(id, note);
  if (!out.json) {
    const paint = colorsFor(out.io.stderr, out.io.env);
    const ran = view.result
      ? view.result.ok
        ? "it ran and succeeded"
        : `it ran and failed: ${view.result.error?.code} ${view.result.error?.message}`
      : "it did not run";
    out.io.stderr.write(`${paint.bold(`${decision === "approve" ? "Approved" : "Denied"} ${view.id}`)} (${view.command_id}); ${ran}.\n`);
  }
  writeView(view, out);
  return EXIT.ok;
}

export function registerApprovals(program: Command, ctx: VerbContext): void {
  const approvals = program
    .command("approvals")
    .summary("list, show, approve or deny held calls")
    .description(
      "Held calls wait here for a person. Local mode decides on this machine's database as the person at it; remote mode uses the configured key, which needs the approvals.decide scope (keys with * do not have it). Approving runs the held command once with its stored input.",
    )
    .helpCommand(false);
  const workspaceOption = ["--workspace <workspace>", "local mode: the workspace (default: default)", "default"] as const;
  approvals
    .command("list")
    .summary("list approval requests, newest first")
    .option("--status <status>", `only ${STATUSES.join(", ")}`)
    .option("--limit <n>", "at most n (1-200, default 50)")
    .option(...workspaceOption)
    .option("--json", 'print {"approvals": [...], "next_cursor": ...}')
    .action((options: DeskOptions & { status?: string; limit?: string }, command: Command) =>
      withDesk(command, options, ctx, (desk, out) => listApprovals(desk, options, out)),
    );
  approvals
    .command("show")
    .summary("show a request: input, preview, decision and result")
    .argument("<approval_request_id>", "the apr_… id")
    .option(...workspaceOption)
    .option("--json", 'print {"approval": {...}}')
    .action((id: string, options: DeskOptions, command: Command) =>
      withDesk(command, options, ctx, async (desk, out) => {
        writeView(await desk.get(id), out);
        return EXIT.ok;
      }),
    );
  approvals
    .command("approve")
    .summary("approve a pending request: the command runs now, once")
    .argument("<approval_request_id>", "the apr_… id")
    .option("--note <text>", "why; kept with the decision")
    .option(...workspaceOption)
    .option("--json", 'print {"approval": {...}} with the result')
    .action((id: string, options: DeskOptions & { note?: string }, command: Command) =>
      withDesk(command, options, ctx, (desk, out) => decide(desk, id, "approve", options.note, out)),
    );
  approvals
    .command("deny")
    .summary("deny a pending request: the command never runs")
    .argument("<approval_request_id>", "the apr_… id")
    .option("--note <text>", "why; the caller sees it")
    .option(...workspaceOption)
    .option("--json", 'print {"approval": {...}}')
    .action((id: string, options: DeskOptions & { note?: string }, command: Command) =>
      withDesk(command, options, ctx, (desk, out) => decide(desk, id, "deny", options.note, out)),
    );
}
