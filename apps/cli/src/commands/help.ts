// `salestouch help <anything>`: a verb's help, a command's generated help (`help commands run
// <command_id>` or just `help <command_id>`), or the exit-code table (`help exit-codes`).
import { closestCommandIds, commandIds } from "@salestouch/contracts";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { definitionOf } from "../command-help.js";
import { EXIT, exitCodesText } from "../exit-codes.js";
import { writeFailure, type OutputContext } from "../output.js";
import { writeCommandHelp } from "./run.js";
import { isDebug, type VerbContext } from "./context.js";

const EXIT_CODES_TOPIC = "exit-codes";

function findVerb(program: Command, words: readonly string[]): Command | null {
  let current = program;
  for (const word of words) {
    const next = current.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) return null;
    current = next;
  }
  return current;
}

function unknownTopic(program: Command, words: readonly string[]): CliError {
  const topics = [...program.commands.map((c) => c.name()).filter((n) => n !== "help"), EXIT_CODES_TOPIC];
  const near = closestCommandIds(words[words.length - 1]!, commandIds);
  return new CliError("invalid_input", `no help topic "${words.join(" ")}"`, {
    hint: `Topics: ${topics.join(", ")}, or a command id${near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : ""}.`,
  });
}

export function registerHelp(program: Command, ctx: VerbContext): void {
  program
    .command("help")
    .summary("help on a verb, a command id or exit codes")
    .description(
      `Help on a verb (help keys create), a command (help commands run <command_id>, or help <command_id>), or the exit codes (help ${EXIT_CODES_TOPIC}).`,
    )
    .argument("[topic...]", "what to explain")
    .action((words: string[], _options: unknown, command: Command) => {
      const out: OutputContext = { io: ctx.io, json: false, debug: isDebug(command) };
      const commandId = words.find((word) => definitionOf(word) !== null);
      if (words.length === 1 && words[0] === EXIT_CODES_TOPIC) {
        ctx.io.stdout.write(exitCodesText());
        ctx.setExitCode(EXIT.ok);
      } else if (commandId) {
        ctx.setExitCode(writeCommandHelp(commandId, out));
      } else {
        const verb = findVerb(program, words);
        if (verb) {
          verb.outputHelp();
          ctx.setExitCode(EXIT.ok);
        } else {
          ctx.setExitCode(writeFailure(unknownTopic(program, words), out));
        }
      }
    });
}
