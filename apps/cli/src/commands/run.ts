// `salestouch commands run <command_id>`: one generic verb for every command in the registry.
import { closestCommandIds, commandIds } from "@salestouch/contracts";
import { resolveSettings } from "@salestouch/host/settings";
import type { Command } from "commander";
import { openBackend } from "../backend.js";
import { CliError } from "../cli-error.js";
import { commandHelpText, definitionOf } from "../command-help.js";
import { colorsFor } from "../color.js";
import { EXIT } from "../exit-codes.js";
import { readCommandInput } from "../input.js";
import { writeEnvelope, writeFailure, writeRunFailure, type OutputContext } from "../output.js";
import { isDebug, type VerbContext } from "./context.js";

interface RunOptions {
  inputJson?: string;
  inputFile?: string;
  compact?: boolean;
  json?: boolean;
  help?: boolean;
  approval?: string;
  idempotencyKey?: string;
}

function unknownCommandError(commandId: string): CliError {
  const suggestions = closestCommandIds(commandId, commandIds);
  return new CliError("unknown_command", `no command has the id "${commandId}"`, {
    hint: `${suggestions.length > 0 ? `Did you mean ${suggestions.join(", ")}? ` : ""}List every command with \`salestouch commands list\`.`,
  });
}

/** `commands run <id> --help` and `help commands run <id>`: the help generated from the spec. */
export function writeCommandHelp(commandId: string, out: OutputContext): number {
  const definition = definitionOf(commandId);
  if (!definition) return writeFailure(unknownCommandError(commandId), out);
  out.io.stdout.write(commandHelpText(definition));
  return EXIT.ok;
}

async function runCommand(commandId: string, options: RunOptions, out: OutputContext): Promise<number> {
  let input: unknown = null;
  try {
    input = await readCommandInput(options, out.io);
    const settings = resolveSettings({ env: out.io.env, cwd: out.io.cwd });
    const paint = colorsFor(out.io.stderr, out.io.env);
    for (const problem of settings.problems) out.io.stderr.write(`${paint.yellow(`warning: ${problem}`)}\n`);
    const backend = await openBackend({ settings, io: out.io, debug: out.debug, json: out.json });
    try {
      const envelope = await backend.run(commandId, input, options.compact ? "compact" : "full", { approvalRequestId: options.approval, idempotencyKey: options.idempotencyKey });
      return writeEnvelope(envelope, out);
    } finally {
      await backend.close();
    }
  } catch (error) {
    return writeRunFailure(error, out, commandId, input);
  }
}

export function registerRun(commands: Command, ctx: VerbContext): void {
  const run = commands
    .command("run")
    .summary("run a command with a JSON input")
    .description("Run one command with a JSON input and print its result: a table or key/value block, or with --json the envelope {ok, status, data, error, meta} exactly. Local mode runs it on the embedded database; remote mode sends it to the configured server (see `salestouch config show`).")
    .argument("[command_id]", "the command to run (see `salestouch commands list`)")
    .option("--input-json <json>", "the command input as one JSON object (default {})")
    .option("--input-file <path>", "read the JSON input from a file; - reads standard input")
    .option("--compact", "compact response profile: fewer tokens, less prospecting detail")
    .option("--approval <approval_request_id>", "collect the outcome of a held call: run again with the same input and the id it printed (exit 6 while pending)")
    .option("--idempotency-key <key>", "a retry with the same key and input returns the first result instead of running again")
    .option("--json", "print the envelope as one JSON document on stdout, nothing else")
    .helpOption(false)
    .option("-h, --help", "show help; with a command id, that command's fields and examples");
  run.action(async (commandId: string | undefined, options: RunOptions, command: Command) => {
    const out: OutputContext = { io: ctx.io, json: options.json === true, debug: isDebug(command) };
    if (options.help) {
      if (commandId) ctx.setExitCode(writeCommandHelp(commandId, { ...out, json: false }));
      else run.outputHelp();
      return;
    }
    if (!commandId) {
      ctx.setExitCode(writeFailure(new CliError("invalid_input", "commands run needs a command id", {
        hint: "Run `salestouch commands list` to see them, then `salestouch commands run <command_id> --input-json '{...}'`.",
      }), { ...out, json: false }));
      return;
    }
    ctx.setExitCode(await runCommand(commandId, options, out));
  });
}
