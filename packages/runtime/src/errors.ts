// The one error class. Every failure a caller sees is a CommandError with a catalogue code.
import { errorCatalogue, type ErrorCode, type ErrorDetail } from "@salestouch/contracts";

export interface CommandErrorOptions {
  hint?: string;
  details?: ErrorDetail[];
  suggestions?: string[];
  cause?: unknown;
}

export class CommandError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details: ErrorDetail[] | undefined;
  readonly suggestions: string[] | undefined;

  constructor(code: ErrorCode, message?: string, options: CommandErrorOptions = {}) {
    super(message ?? errorCatalogue[code].message, { cause: options.cause });
    this.name = "CommandError";
    this.code = code;
    this.hint = options.hint ?? errorCatalogue[code].hint;
    this.details = options.details;
    this.suggestions = options.suggestions;
  }

  get httpStatus(): number {
    return errorCatalogue[this.code].http_status;
  }

  get retryable(): boolean {
    return errorCatalogue[this.code].retryable;
  }
}

/** A missing entity, with the list command to run instead (docs/style.md rule 4). */
export function notFound(entity: string, id: string, listCommand: string): CommandError {
  return new CommandError("not_found", `${entity} ${id} not found in this workspace`, {
    hint: `List what exists with ${listCommand}.`,
  });
}
