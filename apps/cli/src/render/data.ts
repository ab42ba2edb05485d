// Human rendering of a command's data: a table when the data is one list (missions, offers, …)
// plus paging fields, else a key/value block.
import type { Paint } from "../color.js";
import { renderEntity } from "./entity.js";
import { formatScalar, isScalar, renderTable } from "./table.js";

type Row = Record<string, unknown>;

function isRow(value: unknown): value is Row {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The one array-of-objects field of `data`, when it has exactly one array field. */
function listField(data: Row): string | null {
  const arrays = Object.keys(data).filter((key) => Array.isArray(data[key]));
  if (arrays.length !== 1) return null;
  const items = data[arrays[0]!] as unknown[];
  return items.every(isRow) ? arrays[0]! : null;
}

export function renderData(data: unknown, paint: Paint): string {
  if (!isRow(data)) return renderEntity(data, paint);
  const field = listField(data);
  if (!field) return renderEntity(data, paint);
  const items = data[field] as Row[];
  const parts = [items.length === 0 ? `No ${field.replace(/_/g, " ")}.\n` : renderTable(items, { paint })];
  const rest = Object.entries(data).filter(([key, value]) => key !== field && isScalar(value));
  if (rest.length > 0) parts.push(`${rest.map(([key, value]) => `${key}: ${formatScalar(value as null)}`).join("\n")}\n`);
  return parts.join("\n");
}
