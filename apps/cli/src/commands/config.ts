// `salestouch config show`: which mode, base URL, credential and database are in effect, and
// which setting chose each (env > project file > global file > default). Secrets are masked.
import { existsSync } from "node:fs";
import { describeConfig, loadConfig, maskSecret, resolveSettings, type Settings } from "@salestouch/host/settings";
import type { Command } from "commander";
import { colorsFor } from "../color.js";
import { EXIT } from "../exit-codes.js";
import { writeFailure, writeJson, type OutputContext } from "../output.js";
import { describeSummary, permissionSummary } from "../permission-summary.js";
import { renderEntity } from "../render/entity.js";
import { renderTable } from "../render/table.js";
import { describeDatabase, describeOrigin, redactDatabaseUrl } from "../setting-origin.js";
import { isDebug, type VerbContext } from "./context.js";

function modeReason(settings: Settings): string {
  if (settings.baseUrl) return `a base URL is set by ${describeOrigin(settings.baseUrl, "baseUrl")}`;
  return "no base URL in SALESTOUCH_API_BASE_URL, the project file or the global file: commands run in this process on the local database";
}

/** The settings as data, with every secret masked: what --json prints. */
function settingsReport(settings: Settings): Record<string, unknown> {
  const credential = settings.credential;
  return {
    mode: settings.mode,
    reason: modeReason(settings),
    base_url: settings.baseUrl ? { value: settings.baseUrl.value, source: settings.baseUrl.source, origin: settings.baseUrl.origin } : null,
    credential: credential
      ? { kind: credential.kind, masked: maskSecret(credential.value), source: credential.source, origin: credential.origin }
      : null,
    database: {
      url: redactDatabaseUrl(settings.database.url),
      source: settings.database.source,
      used_for: settings.mode === "local" ? "commands and keys" : "keys only",
    },
    project_file: settings.projectFile ? { path: settings.projectFile, exists: existsSync(settings.projectFile) } : null,
    global_file: { path: settings.globalFile, exists: existsSync(settings.globalFile) },
    problems: settings.problems,
  };
}

function humanReport(settings: Settings): Record<string, string> {
  const credential = settings.credential;
  const fileState = (path: string) => `${path} (${existsSync(path) ? "found" : "not found"})`;
  return {
    mode: `${settings.mode} — ${modeReason(settings)}`,
    base_url: settings.baseUrl ? `${settings.baseUrl.value} (from ${describeOrigin(settings.baseUrl, "baseUrl")})` : "none",
    credential: credential
      ? `${credential.kind === "apiKey" ? "API key" : "access token"} ${maskSecret(credential.value)} (from ${describeOrigin(credential, credential.kind)})`
      : settings.mode === "remote"
        ? "none — remote mode needs SALESTOUCH_API_KEY or apiKey in a config file"
        : "none (not needed in local mode)",
    database: `${describeDatabase(settings.database)}${settings.mode === "remote" ? "; used by `keys` only" : ""}`,
    project_file: settings.projectFile ? fileState(settings.projectFile) : "none (no .salestouch/, package.json or .git above this folder)",
    global_file: fileState(settings.globalFile),
  };
}

export function registerConfig(program: Command, ctx: VerbContext): void {
  const config = program.command("config").summary("show the settings in effect").helpCommand(false);
  config
    .command("show")
    .summary("show mode, base URL, credential and database, and why")
    .description(
      "Show which mode (local or remote), base URL, credential and database are in effect and which setting chose each: environment (SALESTOUCH_API_BASE_URL, SALESTOUCH_API_KEY, SALESTOUCH_ACCESS_TOKEN, SALESTOUCH_DATABASE_URL), the project file .salestouch/salestouch.json, the global file, or the default. Secrets are masked.",
    )
    .option("--json", "print the settings as one JSON document")
    .action(async (options: { json?: boolean }, command: Command) => {
      const out: OutputContext = { io: ctx.io, json: options.json === true, debug: isDebug(command) };
      try {
        const settings = resolveSettings({ env: ctx.io.env, cwd: ctx.io.cwd });
        const permissions = await permissionSummary(settings, ctx.io);
        // Every setting, the server's too: a bad value anywhere is reported here, naming it.
        const every = describeConfig(loadConfig({ env: ctx.io.env, for: "all" }));
        if (out.json) writeJson(ctx.io, { ...settingsReport(settings), permissions, settings: every });
        else {
          const paintOut = colorsFor(ctx.io.stdout, ctx.io.env);
          ctx.io.stdout.write(renderEntity({ ...humanReport(settings), permissions: describeSummary(permissions) }, paintOut));
          ctx.io.stdout.write(
            `\nsettings (environment variables; what each allows: the README's configuration table):\n${renderTable(
              every.map((s) => ({
                variable: s.variable,
                value: s.value === null ? null : Array.isArray(s.value) ? s.value.join(",") || null : String(s.value),
                set_by: s.set_by,
              })),
              { paint: paintOut, maxCellWidth: 60 },
            )}`,
          );
          const paint = colorsFor(ctx.io.stderr, ctx.io.env);
          for (const problem of settings.problems) ctx.io.stderr.write(`${paint.yellow(`warning: ${problem}`)}\n`);
        }
        ctx.setExitCode(EXIT.ok);
      } catch (error) {
        ctx.setExitCode(writeFailure(error, out));
      }
    });
}
