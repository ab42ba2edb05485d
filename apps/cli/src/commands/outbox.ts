// `salestouch outbox export|deliver`: the messages linkedin.draft.approve dispatched, on this
// machine's database. export writes them as JSON lines, JSON or CSV for a person or another tool;
// deliver retries webhook deliveries that failed (SALESTOUCH_WEBHOOK_URL and _SECRET).
import type { LocalRuntime, OutboxExportRow } from "@salestouch/host";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { colorsFor } from "../color.js";
import { EXIT } from "../exit-codes.js";
import { writeJson, type OutputContext } from "../output.js";
import { renderTable } from "../render/table.js";
import type { VerbContext } from "./context.js";
import { withLocalDatabase, workspaceNamed } from "./local-admin.js";

const FORMATS = ["jsonl", "json", "csv"] as const;
const STATUSES = ["recorded", "queued", "delivered", "failed"] as const;

interface ExportOptions {
  workspace: string;
  format: string;
  status?: string;
  since?: string;
  output?: string;
}

function checkExport(options: ExportOptions): void {
  if (!(FORMATS as readonly string[]).includes(options.format))
    throw new CliError("invalid_input", `--format ${options.format} is not a format`, { hint: `Use ${FORMATS.join(", ")}.` });
  if (options.status !== undefined && !(STATUSES as readonly string[]).includes(options.status))
    throw new CliError("invalid_input", `--status ${options.status} is not an outbox status`, { hint: `Use ${STATUSES.join(", ")}.` });
  if (options.since !== undefined && Number.isNaN(Date.parse(options.since)))
    throw new CliError("invalid_input", `--since ${options.since} is not a date`, {
      hint: "Use an ISO date such as 2026-01-31 or 2026-01-31T09:00:00Z.",
    });
}

async function render(rows: OutboxExportRow[], format: string): Promise<string> {
  if (format === "csv") return (await import("@salestouch/host")).toCsv(rows);
  if (format === "json") return `${JSON.stringify({ messages: rows }, null, 2)}\n`;
  return rows.map((row) => `${JSON.stringify(row)}\n`).join("");
}

async function exportOutbox(local: LocalRuntime, options: ExportOptions, out: OutputContext): Promise<number> {
  checkExport(options);
  const workspace = await workspaceNamed(local, options.workspace);
  const since = options.since === undefined ? undefined : new Date(options.since).toISOString();
  const rows = await local.outbox.list(workspace.id, { status: options.status as (typeof STATUSES)[number] | undefined, since });
  const text = await render(rows, options.format);
  if (options.output === undefined) out.io.stdout.write(text);
  else {
    await process
      .getBuiltinModule("node:fs/promises")
      .writeFile(options.output, text, { flag: "wx" })
      .catch((error: NodeJS.ErrnoException) => {
        throw new CliError("invalid_input", `cannot write ${options.output}: ${error.code === "EEXIST" ? "the file exists" : error.message}`, {
          hint: "Name a new file; an export never overwrites one.",
        });
      });
    out.io.stderr.write(`Wrote ${rows.length} message(s) to ${options.output}.\n`);
  }
  return EXIT.ok;
}

async function deliverOutbox(local: LocalRuntime, options: { workspace: string }, out: OutputContext): Promise<number> {
  const workspace = await workspaceNamed(local, options.workspace);
  let rows: OutboxExportRow[];
  try {
    rows = await local.outbox.redeliver(workspace.id, local.dispatcher);
  } catch (error) {
    throw new CliError("invalid_input", (error as Error).message);
  }
  if (out.json) writeJson(out.io, { messages: rows });
  else if (rows.length === 0) out.io.stdout.write("Nothing to deliver: no queued or failed webhook messages.\n");
  else
    out.io.stdout.write(
      renderTable(
        rows.map((r) => ({ id: r.queue_item_id, status: r.status, attempts: r.attempts, last_error: r.last_error, draft_id: r.draft_id })),
        { paint: colorsFor(out.io.stdout, out.io.env) },
      ),
    );
  return rows.some((r) => r.status === "failed") ? EXIT.unavailable : EXIT.ok;
}

export function registerOutbox(program: Command, ctx: VerbContext): void {
  const outbox = program
    .command("outbox")
    .summary("export dispatched messages, or retry failed webhook deliveries")
    .description(
      "Every message linkedin.draft.approve dispatched is kept in the outbox of this machine's database: export it for a person or another tool, or deliver queued and failed webhook messages again.",
    )
    .helpCommand(false);
  outbox
    .command("export")
    .summary("write the outbox as JSON lines (default), JSON or CSV")
    .option("--format <format>", FORMATS.join(", "), "jsonl")
    .option("--status <status>", `only ${STATUSES.join(", ")}`)
    .option("--since <date>", "only messages dispatched at or after this date")
    .option("--output <file>", "write to a new file instead of stdout")
    .option("--workspace <workspace>", "the workspace (default: default)", "default")
    .action((options: ExportOptions, command: Command) => withLocalDatabase(command, false, ctx, (local, out) => exportOutbox(local, options, out)));
  outbox
    .command("deliver")
    .summary("deliver queued and failed webhook messages again (exit 7 if any still fails)")
    .option("--workspace <workspace>", "the workspace (default: default)", "default")
    .option("--json", 'print {"messages": [...]}')
    .action((options: { workspace: string; json?: boolean }, command: Command) =>
      withLocalDatabase(command, options.json === true, ctx, (local, out) => deliverOutbox(local, options, out)),
    );
}
