// One batch of valid import rows → matched against the workspace's leads, then written: new leads,
// fill-only patches, mission links and the import's lead list (docs/imports-and-leads.md).
import type { ImportLeadRow, ImportOutcome, LeadKeys, LeadRow, NewLead } from "@salestouch/store";
import type { Pace } from "@salestouch/runtime";
import type { Ctx } from "../context.js";
import { leadLabel, type FieldProblem, type LeadInput, type LeadValues } from "../leads/draft.js";
import { fillPatch, identityKeys, newLeadRow } from "../leads/row.js";
import { newLeadSubject, rescoreLeads, type ImportSignals } from "../scoring/score-links.js";
import { scoreOf, type CompiledProfile } from "@salestouch/scoring";

export interface ValidRow {
  row: number;
  values: LeadValues;
  /** The row as given: how it names its person (leadLabel) is worked out only for an invalid-row report. */
  input: LeadInput;
}

export interface InvalidRow extends FieldProblem {
  row: number;
  /** The value at fault, as given (shortened), when a field is at fault. */
  value: string | null;
  /** A name or identifier of the row's person, to find it in the file. */
  lead: string | null;
}

export interface BatchTarget {
  importId: string;
  missionId: string;
  /** The active scoring profile (none: leads keep the score they were given), the mission's offer and the import's signals. */
  profile?: CompiledProfile;
  offerId: string | null;
  signals: ImportSignals;
}

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  added: number;
  leads: number;
  invalid: InvalidRow[];
  updatedIds: string[];
  /** Ids of the leads this batch created. */
  createdIds: string[];
}

/** Identity keys in match order (docs: email, then LinkedIn, then Sales Navigator id, then custom id). */
const KEY_FIELDS = [
  ["email", "email_key"],
  ["linkedin", "linkedin_key"],
  ["sales_nav", "sales_nav_id"],
  ["custom", "custom_id"],
] as const;
const INPUT_FIELD = { email: "email", linkedin: "linkedin_url", sales_nav: "sales_nav_id", custom: "custom_id" } as const;

function keysOf(rows: readonly ValidRow[]): LeadKeys {
  const pick = (column: "email_key" | "linkedin_key" | "sales_nav_id" | "custom_id") =>
    rows.map((r) => r.values[column]).filter((v): v is string => typeof v === "string");
  return { emailKeys: pick("email_key"), linkedinKeys: pick("linkedin_key"), salesNavIds: pick("sales_nav_id"), customIds: pick("custom_id") };
}

/** Working state of one batch: who owns each key, which leads this import already touched. */
class BatchState {
  readonly owners = new Map<string, string>();
  readonly leads = new Map<string, LeadRow | NewLead>();
  readonly outcomes = new Map<string, ImportOutcome>();

  constructor(
    existing: readonly LeadRow[],
    readonly touchedBefore: ReadonlySet<string>,
  ) {
    for (const lead of existing) this.own(lead.id, lead);
  }

  own(leadId: string, lead: LeadRow | NewLead): void {
    this.leads.set(leadId, lead);
    for (const key of identityKeys({
      email_key: lead.email_key ?? null,
      linkedin_key: lead.linkedin_key ?? null,
      sales_nav_id: lead.sales_nav_id ?? null,
      custom_id: lead.custom_id ?? null,
    })) {
      this.owners.set(key, leadId);
    }
  }

  /** Distinct leads the row's identifiers belong to, in match order, with the field that found each. */
  matches(values: LeadValues): { leadId: string; field: string }[] {
    const out: { leadId: string; field: string }[] = [];
    for (const [kind, column] of KEY_FIELDS) {
      const value = values[column];
      const owner = typeof value === "string" ? this.owners.get(`${kind}:${value}`) : undefined;
      if (owner && !out.some((m) => m.leadId === owner)) out.push({ leadId: owner, field: INPUT_FIELD[kind] });
    }
    return out;
  }

  touched(leadId: string): boolean {
    return this.touchedBefore.has(leadId) || this.outcomes.has(leadId);
  }
}

/**
 * `pace` is awaited between the batch's statements: each writes or reads up to a batch of rows (a
 * few milliseconds), and together they held the loop for 10–30 ms (docs/decisions/0012).
 */
export async function applyBatch(ctx: Ctx, target: BatchTarget, rows: readonly ValidRow[], pace: Pace): Promise<BatchResult> {
  const ws = ctx.principal.workspaceId;
  const existing = await ctx.repos.leads.findByKeys(ws, keysOf(rows));
  await pace();
  const state = new BatchState(
    existing,
    await ctx.repos.imports.touched(
      target.importId,
      target.missionId,
      existing.map((l) => l.id),
    ),
  );
  const result: BatchResult = { created: 0, updated: 0, skipped: 0, added: 0, leads: 0, invalid: [], updatedIds: [], createdIds: [] };
  const created: NewLead[] = [];
  const patches: { id: string; patch: Partial<LeadRow> }[] = [];
  for (const { row, values, input } of rows) {
    const found = state.matches(values);
    if (found.length > 1) {
      const [first, second] = found as [(typeof found)[0], (typeof found)[0]];
      const value = values[second.field as "email" | "linkedin_url" | "sales_nav_id" | "custom_id"] ?? null;
      result.invalid.push({
        row,
        field: second.field,
        value,
        lead: leadLabel(input),
        reason: `${first.field} matches lead ${first.leadId} but ${second.field} matches lead ${second.leadId}; fix the row or merge the leads`,
      });
      continue;
    }
    const match = found[0];
    if (!match) {
      const lead = newLeadRow(values, { id: ctx.ids.next("lead"), workspaceId: ws, now: ctx.now });
      created.push(lead);
      result.createdIds.push(lead.id);
      state.own(lead.id, lead);
      state.outcomes.set(lead.id, "created");
      result.created++;
      continue;
    }
    if (state.touched(match.leadId)) {
      result.skipped++; // a repeat of a lead this import already handled
      continue;
    }
    const current = state.leads.get(match.leadId) as LeadRow;
    const patch = fillPatch(current, values);
    const changed = Object.keys(patch).length > 0;
    if (changed) {
      patches.push({ id: current.id, patch: { ...patch, updated_at: ctx.now } });
      state.own(current.id, { ...current, ...patch });
      result.updatedIds.push(current.id);
    }
    state.outcomes.set(current.id, changed ? "updated" : "skipped");
    if (changed) result.updated++;
    else result.skipped++;
  }
  await pace();
  await writeBatch(ctx, target, state, created, patches, result, pace);
  return result;
}

async function writeBatch(
  ctx: Ctx,
  target: BatchTarget,
  state: BatchState,
  created: NewLead[],
  patches: { id: string; patch: Partial<LeadRow> }[],
  result: BatchResult,
  pace: Pace,
): Promise<void> {
  const ws = ctx.principal.workspaceId;
  // Created leads are scored before they are written: their one mission is this one.
  const scores = new Map<string, { score: number; score_version: number }>();
  if (target.profile) {
    for (const lead of created) {
      const score = scoreOf(target.profile, newLeadSubject(lead, target));
      lead.score = score;
      scores.set(lead.id, { score, score_version: target.profile.version });
    }
  }
  await pace();
  await ctx.repos.leads.insertMany(created);
  await pace();
  for (const { id, patch } of patches) {
    await ctx.repos.leads.update(ws, id, patch);
    await pace();
  }
  const links = [...state.outcomes.keys()].map((leadId) => ({
    mission_id: target.missionId,
    lead_id: leadId,
    workspace_id: ws,
    import_id: target.importId,
    // DoNotContact follows the person into every mission it joins.
    status: (state.leads.get(leadId)?.do_not_contact ?? 0) === 1 ? "DoNotContact" : "New",
    ...scores.get(leadId),
    created_at: ctx.now,
    updated_at: ctx.now,
  }));
  result.added = await ctx.repos.missionLeads.linkMany(links);
  await pace();
  // Leads that existed: fields or missions changed, so every mission of theirs is scored again.
  const matchedIds = [...state.outcomes].filter(([, outcome]) => outcome !== "created").map(([leadId]) => leadId);
  await rescoreLeads(ctx.repos, ws, target.profile, matchedIds);
  await pace();
  // Created leads are recorded by their mission link (import_id); only matched leads need a row.
  const matched: ImportLeadRow[] = [];
  for (const [leadId, outcome] of state.outcomes) {
    if (outcome !== "created") matched.push({ import_id: target.importId, lead_id: leadId, workspace_id: ws, outcome });
  }
  await ctx.repos.imports.addLeads(matched);
  result.leads = state.outcomes.size;
}
