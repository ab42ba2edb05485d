// One entity as a key/value block: nested objects flattened to dotted keys (brief.cta_url), lists of
// values joined, lists of objects numbered (imports[0].name).
import type { Paint } from "../color.js";
import { formatScalar, isScalar } from "./table.js";
import { terminalSafe } from "./terminal-safe.js";

function flatten(value: unknown, prefix: string, out: [string, string][]): void {
  if (isScalar(value)) {
    out.push([prefix, formatScalar(value)]);
  } else if (Array.isArray(value)) {
    if (value.length === 0) out.push([prefix, "(none)"]);
    else if (value.every(isScalar)) out.push([prefix, value.map((v) => formatScalar(v)).join(", ")]);
    else for (const [i, item] of value.entries()) flatten(item, `${prefix}[${i}]`, out);
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) out.push([prefix, "{}"]);
    for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.push([prefix, terminalSafe(String(value))]);
  }
}

export function renderEntity(value: unknown, paint: Paint): string {
  const pairs: [string, string][] = [];
  flatten(value, "", pairs);
  const width = Math.min(32, Math.max(0, ...pairs.map(([key]) => key.length)));
  return `${pairs.map(([key, text]) => (key ? `${paint.bold(terminalSafe(key).padEnd(width))}  ${text}` : text)).join("\n")}\n`;
}
