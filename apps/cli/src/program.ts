// The `salestouch` command tree. Verbs are generic over the registry: `commands run <command_id>`
// serves every command, so adding a command to spec/ needs no change here.
import { closestCommandIds, commandIds } from "@salestouch/contracts";
import { ConfigError, loadConfig } from "@salestouch/host/settings";
import { Command, CommanderError } from "commander";
import { colorsFor } from "./color.js";
import { registerApprovals } from "./commands/approvals.js";
import { registerCatalog } from "./commands/catalog.js";
import { registerConfig } from "./commands/config.js";
import { registerDb } from "./commands/db.js";
import type { VerbContext } from "./commands/context.js";
import { registerHelp } from "./commands/help.js";
import { registerKeys } from "./commands/keys.js";
import { registerOutbox } from "./commands/outbox.js";
import { registerPolicy } from "./commands/policy.js";
import { registerRun } from "./commands/run.js";
import { registerServe } from "./commands/serve.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { cliVersion } from "./version.js";

const AFTER_HELP = `
Modes: remote when a base URL is configured (SALESTOUCH_API_BASE_URL + SALESTOUCH_API_KEY, or
.salestouch/salestouch.json, or the global config file), else local on the embedded database.
See the settings in effect with \`salestouch config show\`, exit codes with \`salestouch help exit-codes\`.

Example:
  salestouch commands list
  salestouch commands run <command_id> --input-json '{...}' --json`;

/** The verbs at the top of the tree, in the order help lists them, each with what defines it. */
const VERBS: Record<string, (program: Command, ctx: VerbContext) => void> = {
  // `salestouch help …` is the one help verb (it reaches every level), so no level adds its own.
  commands: (program, ctx) => {
    const commands = program.command("commands").summary("list, describe and run commands").helpCommand(false);
    registerCatalog(commands, ctx);
    registerRun(commands, ctx);
  },
  keys: registerKeys,
  approvals: registerApprovals,
  policy: registerPolicy,
  outbox: registerOutbox,
  config: registerConfig,
  db: registerDb,
  serve: registerServe,
  help: registerHelp,
};

/**
 * The verbs a call defines: only the one its first argument names, else (help, an option first, a
 * mistyped verb) all of them. Why: defining every verb's options and help texts was a twentieth of
 * a `commands run` call, and a verb's subtree is the same whichever others sit beside it.
 */
function verbsFor(argv: readonly string[]): string[] {
  const first = argv[0];
  return first !== undefined && first !== "help" && Object.hasOwn(VERBS, first) ? [first] : Object.keys(VERBS);
}

function buildProgram(io: CliIo, ctx: VerbContext, argv: readonly string[]): Command {
  const stderrPaint = colorsFor(io.stderr, io.env);
  const program = new Command("salestouch")
    .description("Drive the SalesTouch runtime: run spec'd commands locally on the embedded database or against a server.")
    .version(cliVersion(), "-V, --version", "print the version")
    .option("--debug", "print stack traces and debug logs on stderr")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(stderrPaint.red(text)),
    })
    .showHelpAfterError("(run `salestouch help` for usage)")
    .helpCommand(false)
    .addHelpText("after", AFTER_HELP);
  for (const verb of verbsFor(argv)) VERBS[verb]!(program, ctx);
  return program;
}

/** Runs the CLI on these arguments (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Every setting is checked before any verb runs: a bad value stops here, naming it.
  try {
    loadConfig({ env: io.env, for: "client" });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${colorsFor(io.stderr, io.env).red(`salestouch: ${error.message}`)}\n`);
    return EXIT.usage;
  }
  let exitCode: number = EXIT.ok;
  const program = buildProgram(
    io,
    {
      io,
      setExitCode: (code) => {
        exitCode = code;
      },
    },
    argv,
  );
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Asked-for help and --version succeed; help shown because a verb was missing is a usage error.
    if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error.code === "commander.unknownCommand" && argv[0] && closestCommandIds(argv[0], commandIds).length > 0) {
      io.stderr.write(`to run a command: salestouch commands run ${closestCommandIds(argv[0], commandIds)[0]} --input-json '{...}'\n`);
    }
    return EXIT.usage;
  }
}
