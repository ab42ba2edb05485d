// The CLI's one table from outcome to process exit code. Command errors take the exit_code the
// catalogue (spec/errors.json) gives their code; the rows here name and explain each number.
import { errorCatalogue, type Envelope, type ErrorCode } from "@salestouch/contracts";

export interface ExitCodeRow {
  code: number;
  name: string;
  meaning: string;
}

export const EXIT_CODES: readonly ExitCodeRow[] = [
  { code: 0, name: "ok", meaning: "The command succeeded." },
  { code: 1, name: "internal", meaning: "A fault in the runtime or the CLI, not in your input; rerun with --debug and report it." },
  { code: 2, name: "invalid_input", meaning: "Invalid input or usage: fix the JSON, the fields in error.details or the arguments." },
  { code: 3, name: "not_found", meaning: "Unknown command id or missing entity: check the id (`salestouch commands list`)." },
  { code: 4, name: "auth", meaning: "Missing, invalid or insufficient credentials: fix the API key or its scopes." },
  { code: 5, name: "conflict", meaning: "The command conflicts with the current state: read it again, then retry." },
  { code: 6, name: "approval_pending", meaning: "The command waits for a human's approval (meta.approval_request_id); nothing ran yet." },
  { code: 7, name: "unavailable", meaning: "Server unreachable, database unavailable or rate limited: retry later." },
];

export const EXIT = { ok: 0, internal: 1, usage: 2, notFound: 3, auth: 4, conflict: 5, approvalPending: 6, unavailable: 7 } as const;

export function isCatalogueCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}

/** The exit code of a catalogue error; anything outside the catalogue is an internal fault. */
export function exitCodeForError(code: string): number {
  return isCatalogueCode(code) ? errorCatalogue[code].exit_code : EXIT.internal;
}

export function exitCodeForEnvelope(envelope: Envelope): number {
  if (!envelope.ok) return exitCodeForError(envelope.error.code);
  return envelope.meta.approval_required ? EXIT.approvalPending : EXIT.ok;
}

/** The catalogue codes that end with this exit code, for `salestouch help exit-codes`. */
function errorCodesFor(exitCode: number): string[] {
  return Object.values(errorCatalogue)
    .filter((entry) => entry.exit_code === exitCode)
    .map((entry) => entry.code);
}

export function exitCodesText(): string {
  const lines = ["Exit codes of salestouch (the same for local and remote mode):", ""];
  for (const row of EXIT_CODES) {
    const codes = errorCodesFor(row.code);
    lines.push(`  ${row.code}  ${row.name.padEnd(16)} ${row.meaning}`);
    if (codes.length > 0) lines.push(`     ${"".padEnd(16)} error codes: ${codes.join(", ")}`);
  }
  lines.push("", "With --json the envelope on stdout says the same thing: ok, error.code and meta.approval_required.");
  return `${lines.join("\n")}\n`;
}
