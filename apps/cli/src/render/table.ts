// A plain-text table: one row per item, the scalar fields as columns, long cells cut with "…".
import type { Paint } from "../color.js";
import { terminalSafe } from "./terminal-safe.js";

export interface TableOptions {
  paint: Paint;
  /** At most this many columns, so rows fit a terminal; `id` always comes first. */
  maxColumns?: number;
  maxCellWidth?: number;
}

export function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

export function formatScalar(value: string | number | boolean | null): string {
  return value === null
    ? "-"
    : terminalSafe(
        String(value)
          .replace(/\s*\n\s*/g, " ⏎ ")
          .replace(/\t/g, " "),
      );
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function columnsOf(rows: readonly Record<string, unknown>[], max: number): string[] {
  const seen: string[] = [];
  for (const row of rows) for (const [key, value] of Object.entries(row)) if (isScalar(value) && !seen.includes(key)) seen.push(key);
  const ordered = seen.includes("id") ? ["id", ...seen.filter((k) => k !== "id")] : seen;
  return ordered.slice(0, max);
}

export function renderTable(rows: readonly Record<string, unknown>[], options: TableOptions): string {
  const columns = columnsOf(rows, options.maxColumns ?? 6);
  const cellWidth = options.maxCellWidth ?? 40;
  const cells = rows.map((row) =>
    columns.map((column) => {
      const value = row[column];
      return cut(isScalar(value) ? formatScalar(value) : "", cellWidth);
    }),
  );
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const header = options.paint.bold(line(columns.map((c) => terminalSafe(c.toUpperCase()))));
  return `${[header, ...cells.map(line)].join("\n")}\n`;
}
