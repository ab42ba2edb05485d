// Which errors mean "the database cannot serve right now" (a 503 `unavailable`), on either dialect.
const SQLITE_CODES = ["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_CORRUPT"];

/** Socket errors of a PostgreSQL connection (server down, restarting, unreachable). */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * PostgreSQL SQLSTATEs: class 08 connection exceptions, class 53 insufficient resources (53300
 * too many connections), 57P01-57P03 admin/crash shutdown and "cannot connect now", 25006 a
 * write on a read-only standby after a failover.
 */
function isPostgresUnavailable(code: string): boolean {
  return code.startsWith("08") || code.startsWith("53") || code === "57P01" || code === "57P02" || code === "57P03" || code === "25006";
}

/** pg reports a dropped socket or a pool that cannot connect in time without a code. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection .*(closed|ended)/i,
  /Client has encountered a connection error/i,
];

/** Faults of the database itself, reported as `unavailable` rather than `internal_error`. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (SQLITE_CODES.some((c) => code === c || code.startsWith(`${c}_`))) return true;
    if (NETWORK_CODES.has(code) || isPostgresUnavailable(code)) return true;
  }
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === "string" && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
