// The one error class. Every failure a caller sees is a CommandError with a catalogue code.
import { errorCatalogue, type ErrorCode, type ErrorDetail } from "@salestouch/contracts";
import { renderHint, type Hint, type Surface } from "./hints.js";

export interface CommandErrorOptions {
  /** What to do, as a template of means ({{run mission.list}}) or one wording per surface (hints.ts). */
  hint?: Hint;
  details?: ErrorDetail[];
  suggestions?: string[];
  cause?: unknown;
}

export class CommandError extends Error {
  readonly code: ErrorCode;
  /** The hint before it is worded for a surface. */
  readonly hintTemplate: Hint;
  readonly details: ErrorDetail[] | undefined;
  readonly suggestions: string[] | undefined;

  constructor(code: ErrorCode, message?: string, options: CommandErrorOptions = {}) {
    super(message ?? errorCatalogue[code].message, { cause: options.cause });
    this.name = "CommandError";
    this.code = code;
    this.hintTemplate = options.hint ?? catalogueHint(code);
    this.details = options.details;
    this.suggestions = options.suggestions;
  }

  /** The hint as REST words it (routes). */
  get hint(): string {
    return renderHint(this.hintTemplate, "rest");
  }

  /** The hint as `surface` words it: routes, CLI verbs and flags, or MCP tools and arguments. */
  hintFor(surface: Surface): string {
    return renderHint(this.hintTemplate, surface);
  }

  get httpStatus(): number {
    return errorCatalogue[this.code].http_status;
  }

  get retryable(): boolean {
    return errorCatalogue[this.code].retryable;
  }
}

/** The catalogue's hint for a code, with its CLI and MCP wordings (spec/errors.json `hints`). */
export function catalogueHint(code: ErrorCode): Hint {
  const entry = errorCatalogue[code];
  return { rest: entry.hint, cli: entry.hints.cli, mcp: entry.hints.mcp };
}

/** A missing entity, with the list command to run instead (docs/style.md rule 4). */
export function notFound(entity: string, id: string, listCommand: string): CommandError {
  return new CommandError("not_found", `${entity} ${id} not found in this workspace`, {
    hint: `List what exists with {{run ${listCommand}}}.`,
  });
}
