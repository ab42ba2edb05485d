// Template placeholders in a draft ({first_name}, {{company}}, {lead.job_title}): the shape a
// mission's example messages use. A draft is what a person approves and what is sent, so its text
// never carries one: each is filled from the lead when the draft is written, and a placeholder
// that names no lead field, or a field the lead does not have, is refused with what to write instead.
import { registry } from "@salestouch/contracts";
import type { ErrorDetail } from "@salestouch/contracts";
import { CommandError } from "@salestouch/runtime";
import type { LeadRow } from "@salestouch/store";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}|\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}/g;

/** The lead's text fields, as lead.upsert names them: what a placeholder may name. */
const FIELDS: readonly string[] = Object.entries(
  (registry["lead.upsert"].inputSchema["properties"] ?? {}) as Record<string, { type?: unknown; anyOf?: { type?: unknown }[] }>,
)
  .filter(
    ([name, schema]) =>
      name !== "lead_id" && name !== "mission_id" && (schema.type === "string" || (schema.anyOf ?? []).some((b) => b.type === "string")),
  )
  .map(([name]) => name);

/** `firstName`, `lead.first_name`, `First_Name` → first_name. */
function fieldName(raw: string): string {
  return raw
    .replace(/^lead\./i, "")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** The texts with every placeholder filled from the lead; refuses what cannot be filled. */
export function fillPlaceholders(texts: readonly string[], lead: LeadRow, pathOf: (index: number) => string): string[] {
  const details: ErrorDetail[] = [];
  const filled = texts.map((text, index) =>
    text.replace(PLACEHOLDER, (whole, double: string | undefined, single: string | undefined) => {
      const name = fieldName(double ?? single ?? "");
      if (!FIELDS.includes(name)) {
        details.push({
          path: pathOf(index),
          message: `${whole} names no lead field; write the text itself, or use one of ${FIELDS.map((f) => `{${f}}`).join(", ")}`,
        });
        return whole;
      }
      const value = (lead as unknown as Record<string, unknown>)[name];
      if (typeof value !== "string" || value.trim() === "") {
        details.push({ path: pathOf(index), message: `${whole}: lead ${lead.id} has no ${name}; write the text without it` });
        return whole;
      }
      return value.trim();
    }),
  );
  if (details.length > 0) {
    throw new CommandError("invalid_input", `the draft text holds placeholders that cannot be filled from lead ${lead.id}: ${details[0]!.message}`, {
      details,
      hint: "A draft is sent exactly as written: write the final text, or use placeholders only for fields the lead has ({{run lead.get}} shows them).",
    });
  }
  return filled;
}

/** The first placeholder left in a text (a draft written before placeholders were filled), or null. */
export function placeholderIn(text: string): string | null {
  return new RegExp(PLACEHOLDER.source).exec(text)?.[0] ?? null;
}
