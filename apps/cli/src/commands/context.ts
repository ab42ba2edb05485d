// What every verb's action gets: the injected I/O and a place to leave the exit code.
import type { Command } from "commander";
import type { CliIo } from "../io.js";

export interface VerbContext {
  io: CliIo;
  setExitCode(code: number): void;
}

/** --debug is a program-wide option: stack traces for unexpected failures, debug logs on stderr. */
export function isDebug(command: Command): boolean {
  return command.optsWithGlobals<{ debug?: boolean }>().debug === true;
}
