// What approving a held import would do (the approval_output_schema of import.leads and
// import.csv): the mission, the import's name and type, and what would be read. Each row (inline,
// or parsed from the CSV) is checked on its own (identifier, emails, URLs, lengths) exactly as the
// import reads it, without writing anything; matching against existing leads happens only when it runs.
// Checks what the import itself would refuse first (archived mission, bad source).
import type { CommandTypes } from "@salestouch/contracts";
import type { Ctx, In } from "../context.js";
import { draftLead, hasIdentifier, leadLabel, NO_IDENTIFIER, valueAtFault, type LeadInput } from "../leads/draft.js";
import { CSV_PATH_CONTENT, hashFile, resolveSource } from "./csv.js";
import { openCsv, type CsvSource } from "./csv-source.js";
import { pacer } from "@salestouch/runtime";
import { activeMission } from "./run.js";
import type { UploadSource } from "./uploads.js";

type Preview<K extends "import.leads" | "import.csv"> = CommandTypes[K]["approval_output"];
type CsvPreview = Preview<"import.csv">;

/** Rows a preview reads at most: a few seconds of parsing, whatever the file's size. */
const PREVIEW_ROWS = 100_000;
const SAMPLE_ROWS = 5;
const LISTED_INVALID = 10;

export async function previewImportLeads(input: In<"import.leads">, ctx: Ctx): Promise<Preview<"import.leads">> {
  const mission = await activeMission(ctx, input.mission_id);
  const facts = { valid_count: 0, invalid_count: 0, invalid_rows: [] as Preview<"import.leads">["invalid_rows"] };
  const pace = pacer();
  for (const [index, lead] of input.leads.entries()) {
    await pace();
    checkRow(facts, index + 1, lead);
  }
  return {
    mission: { id: mission.id, name: mission.name },
    import_name: input.name.trim(),
    import_type: input.type ?? "manual",
    row_count: input.leads.length,
    ...facts,
  };
}

/** One row checked as the import reads it (identifier, emails, URLs, lengths); counted valid or invalid, the first invalid ones listed. */
function checkRow(facts: Pick<RowFacts, "valid_count" | "invalid_count" | "invalid_rows">, row: number, lead: LeadInput): boolean {
  const drafted = draftLead(lead);
  const problem = !drafted.ok ? drafted.problem : hasIdentifier(drafted.values) ? null : { field: null, reason: NO_IDENTIFIER };
  if (problem === null) {
    facts.valid_count++;
    return true;
  }
  facts.invalid_count++;
  if (facts.invalid_rows.length < LISTED_INVALID) {
    facts.invalid_rows.push({ row, field: problem.field, reason: problem.reason, value: valueAtFault(lead, problem.field), lead: leadLabel(lead) });
  }
  return false;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    // node:fs/promises loaded on first use, not with every binary's start.
    return (await process.getBuiltinModule("node:fs/promises").stat(path)).size;
  } catch {
    return null;
  }
}

type RowFacts = Pick<
  CsvPreview,
  "row_count" | "valid_count" | "invalid_count" | "blank_count" | "checked_all" | "mapped_columns" | "ignored_columns" | "sample" | "invalid_rows"
>;

function sampleOf(row: number, lead: LeadInput): CsvPreview["sample"][number] {
  const fields: Record<string, string> = {};
  for (const [field, value] of Object.entries(lead)) {
    if (typeof value === "string" && value.trim() !== "") fields[field] = value.trim().slice(0, 200);
  }
  return { row, fields };
}

/** Reads the CSV as the import would (refusing what it refuses) and counts its rows. */
async function checkCsvRows(source: CsvSource, limit = PREVIEW_ROWS): Promise<RowFacts> {
  const reader = await openCsv(source);
  const facts: RowFacts = {
    row_count: 0,
    valid_count: 0,
    invalid_count: 0,
    blank_count: 0,
    checked_all: true,
    mapped_columns: reader.mapping.columns,
    ignored_columns: reader.mapping.ignored,
    sample: [],
    invalid_rows: [],
  };
  const pace = pacer();
  for await (const { row, lead } of reader.rows) {
    await pace();
    if (facts.row_count === limit) {
      facts.checked_all = false;
      break;
    }
    facts.row_count++;
    if (lead === null) {
      facts.blank_count++;
      continue;
    }
    if (checkRow(facts, row, lead) && facts.sample.length < SAMPLE_ROWS) facts.sample.push(sampleOf(row, lead));
  }
  return facts;
}

export function previewImportCsv(uploads: UploadSource) {
  return async (input: In<"import.csv">, ctx: Ctx): Promise<CsvPreview> => {
    const source = await resolveSource(input, ctx, uploads);
    const mission = await activeMission(ctx, input.mission_id);
    // The rows of a csv_path are not in the input: the held call is bound to the file's content.
    if (source.field === "csv_path") ctx.observe(CSV_PATH_CONTENT, await hashFile(source).catch(() => "unreadable"));
    return {
      mission: { id: mission.id, name: mission.name },
      import_name: input.name.trim(),
      import_type: input.type ?? "csv",
      source: source.field === "csv_path" ? "csv_path" : "csv",
      csv_path: source.field === "csv_path" ? source.path! : null,
      upload_id: input.upload_id ?? null,
      size_bytes: source.text !== undefined ? Buffer.byteLength(source.text, "utf8") : (source.sizeBytes ?? (await sizeOf(source.path!))),
      columns: input.columns ?? null,
      ...(await checkCsvRows(source)),
    };
  };
}
