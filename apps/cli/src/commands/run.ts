// `salestouch commands run <command_id>`: one generic verb for every command in the registry.
import { findCommand } from "@salestouch/contracts";
import { resolveSettings } from "@salestouch/host/settings";
import type { Command } from "commander";
import { openBackend } from "../backend.js";
import { CliError } from "../cli-error.js";
import { commandHelpText, definitionOf } from "../command-help.js";
import { colorsFor } from "../color.js";
import { EXIT } from "../exit-codes.js";
import { readCommandInput } from "../input.js";
import { flagOf, inputFromFlags } from "../input-flags.js";
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
  const found = findCommand(commandId);
  const suggestions = found.suggestions;
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

/**
 * Run options written after a field flag: once commander meets an option it does not know (a
 * field flag), it hands every later token over unparsed, so the run options among them are read here.
 */
function takeRunOptions(tokens: readonly string[], options: RunOptions): string[] {
  const rest: string[] = [];
  const valued: Record<string, keyof RunOptions> = {
    "--input-json": "inputJson",
    "--input-file": "inputFile",
    "--approval": "approval",
    "--idempotency-key": "idempotencyKey",
  };
  const flags: Record<string, keyof RunOptions> = { "--json": "json", "--compact": "compact" };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const eq = token.indexOf("=");
    const name = eq > 0 ? token.slice(0, eq) : token;
    if (valued[name]) {
      (options as Record<string, unknown>)[valued[name]] = eq > 0 ? token.slice(eq + 1) : tokens[++i];
    } else if (flags[token]) {
      (options as Record<string, unknown>)[flags[token]] = true;
    } else {
      rest.push(token);
    }
  }
  return rest;
}

/** Field flags, then --input-json or --input-file over them: an agent's JSON takes precedence. */
async function inputOf(commandId: string, options: RunOptions, tokens: readonly string[], out: OutputContext): Promise<unknown> {
  const definition = definitionOf(commandId);
  const fromFlags = definition && tokens.length > 0 ? inputFromFlags(definition, tokens) : {};
  if (!definition && tokens.length > 0) throw unknownCommandError(commandId);
  const given = options.inputJson !== undefined || options.inputFile !== undefined;
  if (!given) return fromFlags;
  const json = await readCommandInput(options, out.io);
  if (Object.keys(fromFlags).length === 0 || json === null || typeof json !== "object" || Array.isArray(json)) return json;
  const both = Object.keys(fromFlags).filter((k) => Object.hasOwn(json, k));
  if (both.length > 0) out.io.stderr.write(`warning: ${both.map(flagOf).join(", ")} also in the JSON input; the JSON value is used\n`);
  return { ...fromFlags, ...(json as Record<string, unknown>) };
}

async function runCommand(commandId: string, options: RunOptions, tokens: readonly string[], out: OutputContext): Promise<number> {
  let input: unknown = null;
  try {
    input = await inputOf(commandId, options, tokens, out);
    const settings = resolveSettings({ env: out.io.env, cwd: out.io.cwd });
    const paint = colorsFor(out.io.stderr, out.io.env);
    for (const problem of settings.problems) out.io.stderr.write(`${paint.yellow(`warning: ${problem}`)}\n`);
    const backend = await openBackend({ settings, io: out.io, debug: out.debug, json: out.json });
    try {
      const envelope = await backend.run(commandId, input, options.compact ? "compact" : "full", {
        approvalRequestId: options.approval,
        idempotencyKey: options.idempotencyKey,
      });
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
    .summary("run a command with its fields as flags or a JSON input")
    .description(
      "Run one command with a JSON input and print its result: a table or key/value block, or with --json the envelope {ok, status, data, error, meta} exactly. Local mode runs it on the embedded database; remote mode sends it to the configured server (see `salestouch config show`).",
    )
    .argument("[command_id]", "the command to run (see `salestouch commands list`)")
    .option("--input-json <json>", "the command input as one JSON object (default {})")
    .option("--input-file <path>", "read the JSON input from a file; - reads standard input")
    .option("--compact", "compact response profile: fewer tokens, less prospecting detail")
    .option(
      "--approval <approval_request_id>",
      "collect the outcome of a held call: run again with the same input and the id it printed (exit 6 while pending)",
    )
    .option("--idempotency-key <key>", "a retry with the same key and input returns the first result instead of running again")
    .option("--json", "print the envelope as one JSON document on stdout, nothing else")
    // Field flags (--name, --target-audience, …) come from the command's input schema: see its help.
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .option("-h, --help", "show help; with a command id, that command's fields and examples");
  run.action(async (commandId: string | undefined, parsed: RunOptions, command: Command) => {
    const options: RunOptions = { ...parsed };
    const tokens = takeRunOptions(command.args.slice(1), options);
    if (tokens.includes("-h")) options.help = true;
    const out: OutputContext = { io: ctx.io, json: options.json === true, debug: isDebug(command) };
    if (options.help) {
      if (commandId) ctx.setExitCode(writeCommandHelp(commandId, { ...out, json: false }));
      else run.outputHelp();
      return;
    }
    if (!commandId) {
      ctx.setExitCode(
        writeFailure(
          new CliError("invalid_input", "commands run needs a command id", {
            hint: "Run `salestouch commands list` to see them, then `salestouch commands run <command_id> --input-json '{...}'`.",
          }),
          { ...out, json: false },
        ),
      );
      return;
    }
    ctx.setExitCode(
      await runCommand(
        commandId,
        options,
        tokens.filter((t) => t !== "-h"),
        out,
      ),
    );
  });
}
