// `salestouch db migrate|export|import`: schema upgrades and moving workspaces between databases
// (the embedded file and PostgreSQL), on the database the settings name or on --database.
// The host is loaded only when a db verb runs.
import { once } from "node:events";
import { constants, createReadStream, createWriteStream, type WriteStream } from "node:fs";
import type { AdminResult } from "@salestouch/host";
import { resolveSettings } from "@salestouch/host/settings";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { EXIT } from "../exit-codes.js";
import { writeFailure, writeJson, type OutputContext } from "../output.js";
import { describeDatabase, redactDatabaseUrl } from "../setting-origin.js";
import { isDebug, type VerbContext } from "./context.js";

interface DbOptions {
  database?: string;
  json?: boolean;
}

function databaseUrl(options: DbOptions, ctx: VerbContext): { url: string; described: string } {
  if (options.database) return { url: options.database, described: `${redactDatabaseUrl(options.database)} (from --database)` };
  const { database } = resolveSettings({ env: ctx.io.env, cwd: ctx.io.cwd });
  return { url: database.url, described: describeDatabase(database) };
}

async function run(command: Command, options: DbOptions, ctx: VerbContext, action: (out: OutputContext) => Promise<void>): Promise<void> {
  const out: OutputContext = { io: ctx.io, json: options.json === true, debug: isDebug(command) };
  try {
    await action(out);
    ctx.setExitCode(EXIT.ok);
  } catch (error) {
    ctx.setExitCode(writeFailure(error instanceof CliError ? error : await asDbError(error), out));
  }
}

/** The database not answering is `unavailable` (retry later); anything else is the input or the target's state. */
async function asDbError(error: unknown): Promise<CliError> {
  const { isDatabaseUnavailable } = await import("@salestouch/host");
  const message = error instanceof Error ? error.message : String(error);
  if (isDatabaseUnavailable(error))
    return new CliError("unavailable", `the database does not answer: ${message}`, {
      hint: "Check that the database server runs and the URL is right, then run the command again.",
      cause: error,
    });
  return new CliError("invalid_input", message, { hint: "Nothing was changed; fix the cause above and run the command again.", cause: error });
}

function summary(result: AdminResult): string {
  const counts = Object.entries(result.rows)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`);
  return counts.length === 0 ? "no rows" : counts.join(", ");
}

/** What the transfer replaced, for stderr: text the contract refuses, found in rows written before the rule. */
function replacedNote(result: AdminResult): string {
  const { count, where } = result.replaced;
  if (count === 0) return "";
  const more = count > where.length ? `, and ${count - where.length} more` : "";
  return (
    `replaced ${count} value${count === 1 ? "" : "s"} holding text the contract refuses (NUL or an unpaired UTF-16 surrogate; PostgreSQL cannot store NUL) ` +
    `with U+FFFD in those characters: ${where.join("; ")}${more}\n`
  );
}

async function writeTo(path: string): Promise<{ write(line: string): Promise<void>; close(): Promise<void>; stream: WriteStream }> {
  const stream = createWriteStream(path, { flags: "wx" });
  await once(stream, "open");
  return {
    stream,
    async write(line) {
      if (!stream.write(line)) await once(stream, "drain");
    },
    close: () => new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve()))),
  };
}

async function* stdinLines(ctx: VerbContext): AsyncIterable<string> {
  yield* (await ctx.io.readStdin()).split("\n");
}

/** Lines of a file, read only once the import asks for them (readline drops lines emitted before iteration starts). */
async function fileLines(path: string): Promise<AsyncIterable<string>> {
  // node:fs/promises and node:readline are loaded here, not at start: every call would pay for them.
  await process
    .getBuiltinModule("node:fs/promises")
    .access(path, constants.R_OK)
    .catch((error: Error) => {
      throw new CliError("invalid_input", `cannot read ${path}: ${error.message}`, { hint: "Pass a file written by `salestouch db export`." });
    });
  return (async function* () {
    yield* process.getBuiltinModule("node:readline").createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  })();
}

export function registerDb(program: Command, ctx: VerbContext): void {
  const db = program
    .command("db")
    .summary("migrate the database; export and import workspaces between databases")
    .description(
      "Administer the database the settings name (SALESTOUCH_DATABASE_URL, DATABASE_URL, else the embedded file), or the one --database names: a file path or postgres://user:password@host:port/database.",
    )
    .helpCommand(false);
  db.command("migrate")
    .summary("apply pending migrations (safe from several replicas at once)")
    .option("--database <url>", "the database to migrate instead of the configured one")
    .option("--json", "print the result as JSON")
    .action((options: DbOptions, command: Command) =>
      run(command, options, ctx, async (out) => {
        const target = databaseUrl(options, ctx);
        const { migrateDatabase } = await import("@salestouch/host");
        const result = await migrateDatabase({ url: target.url });
        if (out.json) writeJson(ctx.io, { migrated: true, dialect: result.dialect, location: result.location });
        else ctx.io.stdout.write(`The ${result.dialect} database ${target.described} is at the latest schema.\n`);
      }),
    );
  db.command("export")
    .summary("write a workspace (or every one) as JSON lines")
    .option("--workspace <workspace>", "the workspace name or id to export (default: every workspace)")
    .option("--output <file>", "write to this new file instead of stdout")
    .option("--database <url>", "the database to read instead of the configured one")
    .action((options: DbOptions & { workspace?: string; output?: string }, command: Command) =>
      run(command, options, ctx, async () => {
        const target = databaseUrl(options, ctx);
        const { exportDatabase } = await import("@salestouch/host");
        const file =
          options.output === undefined
            ? undefined
            : await writeTo(options.output).catch((error: Error) => {
                throw new CliError("invalid_input", `cannot create ${options.output}: ${error.message}`, {
                  hint: "Name a new file in a writable folder; export never overwrites a file.",
                });
              });
        const result = await exportDatabase({
          url: target.url,
          workspace: options.workspace,
          write: file ? file.write : (line) => ctx.io.stdout.write(line),
        });
        await file?.close();
        ctx.io.stderr.write(`exported ${summary(result)} from ${target.described}\n${replacedNote(result)}`);
      }),
    );
  db.command("import")
    .summary("read a `db export` into this database, all or nothing")
    .option("--input <file>", "read this file instead of stdin")
    .option("--database <url>", "the database to write instead of the configured one")
    .option("--json", "print the row counts as JSON")
    .action((options: DbOptions & { input?: string }, command: Command) =>
      run(command, options, ctx, async (out) => {
        const target = databaseUrl(options, ctx);
        if (options.input === undefined && ctx.io.stdinIsTTY)
          throw new CliError("invalid_input", "db import reads an export from stdin or --input <file>", {
            hint: "Run `salestouch db import --input export.jsonl` or pipe `salestouch db export` into it.",
          });
        const { importDatabase } = await import("@salestouch/host");
        const lines = options.input === undefined ? stdinLines(ctx) : await fileLines(options.input);
        const result = await importDatabase({ url: target.url, lines });
        if (out.json) writeJson(ctx.io, { imported: result.rows, replaced: result.replaced, dialect: result.dialect, location: result.location });
        else ctx.io.stdout.write(`Imported ${summary(result)} into ${target.described}.\n`);
        ctx.io.stderr.write(replacedNote(result));
      }),
    );
}
