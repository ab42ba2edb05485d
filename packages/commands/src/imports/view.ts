// Import rows → the published import shapes: the run result, import.get and the import.list item.
import type { ImportRecord, MissionRow } from "@salestouch/store";
import { notFound } from "@salestouch/runtime";
import type { Ctx, Out } from "../context.js";

export type ImportRunResult = Out<"import.leads">;
export type ImportDetail = Out<"import.get">;
export type ImportSummary = Out<"import.list">["imports"][number];

export interface RunFacts {
  alreadyExists: boolean;
  /** Leads that joined the mission in this call (0 when the source was imported before). */
  added: number;
  updatedIds: string[];
}

function runMessage(record: ImportRecord, mission: MissionRow, facts: RunFacts): string {
  if (facts.alreadyExists) {
    return `This source was already imported into mission "${mission.name}" as ${record.id} on ${record.created_at}; nothing was imported again. Read it with import.get.`;
  }
  return (
    `Imported ${record.row_count} rows into mission "${mission.name}": ${record.created_count} created, ${record.updated_count} updated, ` +
    `${record.skipped_count} skipped, ${record.invalid_count} invalid; ${facts.added} leads joined the mission.`
  );
}

/** The invalid rows an import recorded (the first 100). Imports recorded before invalid rows named their value and lead read as null there. */
function invalidRowsOf(record: ImportRecord): ImportRunResult["invalid_rows"] {
  return (JSON.parse(record.problems_json) as Partial<ImportRunResult["invalid_rows"][number]>[]).map((problem) => ({
    row: problem.row!,
    field: problem.field ?? null,
    reason: problem.reason!,
    value: problem.value ?? null,
    lead: problem.lead ?? null,
  }));
}

export function importRunResult(record: ImportRecord, mission: MissionRow, facts: RunFacts): ImportRunResult {
  const invalidRows = invalidRowsOf(record);
  return {
    import_id: record.id,
    import_type: record.type,
    import_name: record.name,
    created_count: record.created_count,
    skipped_count: record.skipped_count,
    invalid_count: record.invalid_count,
    updated_count: record.updated_count,
    updated_ids: facts.updatedIds,
    already_exists: facts.alreadyExists,
    message: runMessage(record, mission, facts),
    mission: { id: mission.id, name: mission.name },
    row_count: record.row_count,
    added_to_mission_count: facts.added,
    invalid_rows: invalidRows,
    invalid_rows_truncated: record.invalid_count > invalidRows.length,
    columns: record.columns_json === null ? null : (JSON.parse(record.columns_json) as Record<string, string>),
  };
}

export function importDetail(record: ImportRecord, mission: MissionRow | undefined): ImportDetail {
  return {
    import_id: record.id,
    type: record.type,
    name: record.name,
    source_url: record.source_url,
    context: record.context,
    metadata: JSON.parse(record.metadata_json) as ImportDetail["metadata"],
    mission: mission ? { id: mission.id, name: mission.name, status: mission.status } : null,
    created_at: record.created_at,
    updated_at: record.updated_at,
    created_count: record.created_count,
    skipped_count: record.skipped_count,
    invalid_count: record.invalid_count,
    total_leads: record.lead_count,
    ...invalidRowsAndTruncation(record),
  };
}

function invalidRowsAndTruncation(record: ImportRecord): Pick<ImportDetail, "invalid_rows" | "invalid_rows_truncated"> {
  const invalidRows = invalidRowsOf(record);
  return { invalid_rows: invalidRows, invalid_rows_truncated: record.invalid_count > invalidRows.length };
}

export function importSummary(record: ImportRecord, mission: MissionRow | undefined): ImportSummary {
  return {
    import_id: record.id,
    type: record.type,
    name: record.name,
    source_url: record.source_url,
    context: record.context,
    mission: mission ? { id: mission.id, name: mission.name } : null,
    created_at: record.created_at,
    updated_at: record.updated_at,
    created_count: record.created_count,
    skipped_count: record.skipped_count,
    invalid_count: record.invalid_count,
    updated_count: record.updated_count,
    total_leads: record.lead_count,
  };
}

export async function loadImport(ctx: Ctx, importId: string): Promise<ImportRecord> {
  const row = await ctx.repos.imports.get(ctx.principal.workspaceId, importId);
  if (!row) throw notFound("import", importId, "import.list");
  return row;
}
