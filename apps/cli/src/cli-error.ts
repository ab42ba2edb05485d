// A failure the CLI reports itself (bad JSON, unreadable file, unreachable server, …): a catalogue
// code, a message that says what was wrong and a hint that says what to do.
import { errorCatalogue } from "@salestouch/contracts";
import { exitCodeForError, isCatalogueCode } from "./exit-codes.js";

export class CliError extends Error {
  readonly hint: string;

  constructor(
    readonly code: string,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "CliError";
    this.hint = options.hint ?? (isCatalogueCode(code) ? errorCatalogue[code].hints.cli : "");
  }

  get exitCode(): number {
    return exitCodeForError(this.code);
  }

  get httpStatus(): number {
    return isCatalogueCode(this.code) ? errorCatalogue[this.code].http_status : 500;
  }

  get retryable(): boolean {
    return isCatalogueCode(this.code) ? errorCatalogue[this.code].retryable : false;
  }
}

/** Anything thrown that is not a CliError is a bug: say so, and keep the original for --debug. */
export function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  // A bad setting (loadConfig) is the user's to fix, not a fault: its message names the variable.
  if (error instanceof Error && error.name === "ConfigError")
    return new CliError("invalid_input", error.message, {
      hint: "Fix the variable or unset it; the README's configuration table says what each accepts.",
      cause: error,
    });
  const message = error instanceof Error ? error.message : String(error);
  return new CliError("internal_error", `unexpected failure: ${message}`, {
    hint: "This is a fault in salestouch, not in your input; run again with --debug for the stack trace and report it.",
    cause: error,
  });
}
