// What text the contract accepts: any Unicode text but the NUL character and unpaired UTF-16
// surrogates. PostgreSQL cannot store NUL in text at all (it answered 500), and an unpaired
// surrogate is not Unicode: SQLite stored it as invalid UTF-8 and read it back as U+FFFD, so the
// two databases answered differently. Both are refused, on every surface, before anything is
// stored; the path names where (docs/reliability.md). The exception is a string the input schema
// marks as CSV text (`contentMediaType: text/csv`, import.csv's csv): it is never stored whole, and
// the import refuses the row holding such a cell instead, with its row number and field.
import { CommandError } from "./errors.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const NO_PATHS: ReadonlySet<string> = new Set();

/** Why `text` cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === "\u0000"
    ? "contains a NUL character (U+0000), which text may not hold"
    : "contains an unpaired UTF-16 surrogate, which is not Unicode text";
}

const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

/** `text` with every character it may not hold replaced by U+FFFD, for showing a refused value back. */
export function withoutUnstorableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, "\ufffd") : text;
}

/** Paths of the input's top-level strings that are CSV text, checked row by row by the import instead. */
export function csvTextPaths(inputSchema: unknown): ReadonlySet<string> {
  const properties = (inputSchema as { properties?: Record<string, { contentMediaType?: unknown }> } | null)?.properties ?? {};
  return new Set(
    Object.entries(properties)
      .filter(([, schema]) => schema?.contentMediaType === "text/csv")
      .map(([name]) => `/${name}`),
  );
}

/**
 * The JSON-pointer path and reason of the first string (or object key) that cannot be stored, or
 * null. Strings at the `skip` paths are left to their command (CSV text). Iterative.
 */
export function findUnstorableText(value: unknown, skip: ReadonlySet<string> = NO_PATHS): { path: string; message: string } | null {
  const stack: { node: unknown; path: string }[] = [{ node: value, path: "" }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (typeof node === "string") {
      if (skip.has(path)) continue;
      const why = unstorableText(node);
      if (why) return { path: path || "/", message: why };
      continue;
    }
    if (node === null || typeof node !== "object") continue;
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [key, child] of entries) {
      const why = Array.isArray(node) ? null : unstorableText(key);
      if (why) return { path: `${path}/${key.replace(/[^\x20-\x7e]/g, "?")}`, message: `the field name ${why}` };
      stack.push({ node: child, path: `${path}/${key}` });
    }
  }
  return null;
}

/** Approval request ids are made by this server: apr_ and letters or digits. */
const APPROVAL_ID = /^apr_[0-9A-Za-z]{1,64}$/;

/** Refuses, as not found, an approval request id this server cannot have made (before any query). */
export function checkApprovalId(id: string): void {
  if (APPROVAL_ID.test(id)) return;
  throw new CommandError("not_found", `no approval request has the id ${JSON.stringify(id)}`, {
    hint: "Approval request ids look like apr_…; list them with `salestouch approvals list` or GET /api/v1/approvals.",
  });
}
