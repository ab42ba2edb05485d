// One import run: checks the mission, answers already_exists, then takes rows one at a time and
// applies them in batches, so memory stays flat however many rows a source has. The runtime's
// transaction around the handler makes the whole run atomic.
import type { CompiledProfile } from "@salestouch/scoring";
import type { ImportRecord, MissionRow } from "@salestouch/store";
import { CommandError, pacer } from "@salestouch/runtime";
import type { Ctx } from "../context.js";
import { draftLead, hasIdentifier, leadLabel, NO_IDENTIFIER, valueAtFault, withDerivedNames, type LeadInput } from "../leads/draft.js";
import { loadMission } from "../missions/view.js";
import { activeProfile, type ImportSignals } from "../scoring/score-links.js";
import { applyBatch, type InvalidRow, type ValidRow } from "./batch.js";
import type { ImportProgressBoard, ImportProgressEntry } from "./progress.js";
import { importRunResult, type ImportRunResult } from "./view.js";

const BATCH_SIZE = 500;
const MAX_LISTED = 100;
const PROGRESS_EVERY = 10_000;

export interface ImportSource {
  missionId: string;
  name: string;
  type: string;
  sourceUrl: string | null | undefined;
  context: string | null | undefined;
  metadata: Record<string, unknown> | null | undefined;
  /** sha256 of what identifies the source (rows, or CSV content and mapping). */
  sourceHash: string;
  /** What the importer knows about the source, 0-100 each (spec/schemas/import-signals.json). */
  sourceFit?: number | null;
  intentSignal?: number | null;
  freshness?: number | null;
}

/** Where a run reports its counts while it goes (import.progress). */
export interface ProgressReport {
  board: ImportProgressBoard;
  /** csv, csv_path, upload_id or leads. */
  source: string;
  /** Bytes read so far and in all, for file sources. */
  bytes?: () => { read: number; total: number };
}

/** A mission leads may join (by import or lead.upsert): it must exist and be active. */
export async function activeMission(ctx: Ctx, missionId: string): Promise<MissionRow> {
  const mission = await loadMission(ctx, missionId);
  if (mission.status !== "active") {
    throw new CommandError("conflict", `mission ${mission.id} is archived; leads join active missions only`, {
      hint: `Reactivate it with {{run mission.update}} {"mission_id": "${mission.id}", "status": "active"}, or use another mission.`,
    });
  }
  return mission;
}

/** The earlier import of this source into this mission, as an already_exists result. */
export async function earlierImport(ctx: Ctx, mission: MissionRow, sourceHash: string): Promise<ImportRunResult | undefined> {
  const earlier = await ctx.repos.imports.findBySource(ctx.principal.workspaceId, mission.id, sourceHash);
  if (!earlier) return undefined;
  const updatedIds = await ctx.repos.imports.leadIds(earlier, "updated", MAX_LISTED);
  return importRunResult(earlier, mission, { alreadyExists: true, added: 0, updatedIds });
}

export class ImportRun {
  private readonly pending: ValidRow[] = [];
  private readonly invalid: InvalidRow[] = [];
  private readonly updatedIds: string[] = [];
  private readonly pace = pacer();
  private readonly totals = { rows: 0, created: 0, updated: 0, skipped: 0, invalid: 0, added: 0, leads: 0 };
  /** The lowest and highest lead id this run created: where import.leads.list finds them (migration 0008). */
  private createdRange: { from: string; to: string } | null = null;

  private progress: { entry: ImportProgressEntry; report: ProgressReport } | null = null;

  private constructor(
    private readonly ctx: Ctx,
    private readonly mission: MissionRow,
    readonly importId: string,
    private readonly scoring: { profile?: CompiledProfile; signals: ImportSignals },
  ) {}

  static async start(ctx: Ctx, mission: MissionRow, source: ImportSource, report?: ProgressReport): Promise<ImportRun> {
    const id = ctx.ids.next("imp");
    await ctx.repos.imports.insert({
      id,
      workspace_id: ctx.principal.workspaceId,
      mission_id: mission.id,
      type: source.type,
      name: source.name.trim(),
      source_url: source.sourceUrl ?? null,
      context: source.context?.trim() || null,
      metadata_json: JSON.stringify(source.metadata ?? null),
      source_hash: source.sourceHash,
      created_count: 0,
      skipped_count: 0,
      invalid_count: 0,
      updated_count: 0,
      row_count: 0,
      added_count: 0,
      lead_count: 0,
      problems_json: "[]",
      columns_json: null,
      created_leads_from: null,
      created_leads_to: null,
      source_fit: source.sourceFit ?? null,
      intent_signal: source.intentSignal ?? null,
      freshness: source.freshness ?? null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const given = [source.sourceFit, source.intentSignal, source.freshness].some((v) => v !== undefined && v !== null);
    const signals = given
      ? { source_fit: source.sourceFit ?? null, intent_signal: source.intentSignal ?? null, freshness: source.freshness ?? null }
      : null;
    const run = new ImportRun(ctx, mission, id, { profile: await activeProfile(ctx.repos, ctx.principal.workspaceId), signals });
    if (report) {
      const entry = report.board.begin({
        import_id: id,
        workspace_id: ctx.principal.workspaceId,
        mission: { id: mission.id, name: mission.name },
        import_name: source.name.trim(),
        import_type: source.type,
        source: report.source,
        started_at: new Date().toISOString(),
        rows_read: 0,
        created_count: 0,
        updated_count: 0,
        skipped_count: 0,
        invalid_count: 0,
        bytes_read: null,
        bytes_total: null,
      });
      run.progress = { entry, report };
    }
    return run;
  }

  /** Takes the run off the progress board (finished, failed or rolled back alike). */
  close(): void {
    if (this.progress) this.progress.report.board.end(this.importId);
    this.progress = null;
  }

  private reportProgress(): void {
    if (!this.progress) return;
    const { entry, report } = this.progress;
    const t = this.totals;
    entry.rows_read = t.rows;
    entry.created_count = t.created;
    entry.updated_count = t.updated;
    entry.skipped_count = t.skipped;
    entry.invalid_count = t.invalid;
    if (report.bytes) {
      const bytes = report.bytes();
      entry.bytes_read = bytes.read;
      entry.bytes_total = bytes.total;
    }
  }

  /** Takes one row (null: a blank row, counted as skipped); every BATCH_SIZE valid rows are written. */
  async add(row: number, input: LeadInput | null): Promise<void> {
    this.totals.rows++;
    if (input === null) this.totals.skipped++;
    else {
      const drafted = draftLead(input);
      if (!drafted.ok) this.reject({ row, ...drafted.problem, value: valueAtFault(input, drafted.problem.field), lead: leadLabel(input) });
      else if (!hasIdentifier(drafted.values)) this.reject({ row, field: null, reason: NO_IDENTIFIER, value: null, lead: leadLabel(input) });
      else this.pending.push({ row, values: withDerivedNames(drafted.values), input });
    }
    if (this.pending.length >= BATCH_SIZE) await this.flush();
    await this.pace();
    if (this.totals.rows % PROGRESS_EVERY === 0) this.ctx.logger.debug("import progress", { import_id: this.importId, rows: this.totals.rows });
  }

  /** Writes what is pending, records the counts and returns the import-run result. */
  async finish(columns: Record<string, string> | null): Promise<ImportRunResult> {
    await this.flush();
    const t = this.totals;
    await this.ctx.repos.imports.finish(this.ctx.principal.workspaceId, this.importId, {
      created_count: t.created,
      updated_count: t.updated,
      skipped_count: t.skipped,
      invalid_count: t.invalid,
      row_count: t.rows,
      added_count: t.added,
      lead_count: t.leads,
      created_leads_from: this.createdRange?.from ?? null,
      created_leads_to: this.createdRange?.to ?? null,
      problems_json: JSON.stringify(this.invalid),
      columns_json: columns === null ? null : JSON.stringify(columns),
    });
    const record = (await this.ctx.repos.imports.get(this.ctx.principal.workspaceId, this.importId)) as ImportRecord;
    return importRunResult(record, this.mission, { alreadyExists: false, added: t.added, updatedIds: this.updatedIds });
  }

  /** Counts an invalid row and keeps the MAX_LISTED lowest row numbers (batches report theirs late). */
  private reject(problem: InvalidRow): void {
    this.totals.invalid++;
    if (this.invalid.length === MAX_LISTED && problem.row > this.invalid[MAX_LISTED - 1]!.row) return;
    this.invalid.push(problem);
    this.invalid.sort((a, b) => a.row - b.row);
    if (this.invalid.length > MAX_LISTED) this.invalid.pop();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.pending.length);
    const result = await applyBatch(
      this.ctx,
      {
        importId: this.importId,
        missionId: this.mission.id,
        profile: this.scoring.profile,
        offerId: this.mission.offer_id,
        signals: this.scoring.signals,
      },
      batch,
      this.pace,
    );
    const t = this.totals;
    t.created += result.created;
    t.updated += result.updated;
    t.skipped += result.skipped;
    t.added += result.added;
    t.leads += result.leads;
    for (const id of result.createdIds) {
      if (this.createdRange === null) this.createdRange = { from: id, to: id };
      else if (id < this.createdRange.from) this.createdRange.from = id;
      else if (id > this.createdRange.to) this.createdRange.to = id;
    }
    for (const problem of result.invalid) this.reject(problem);
    this.updatedIds.push(...result.updatedIds.slice(0, MAX_LISTED - this.updatedIds.length));
    this.reportProgress();
  }
}
