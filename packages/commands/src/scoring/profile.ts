// Scoring profile versions: the published view, and making a definition the new active version
// (validated, the previous one archived, a rescoring job queued) — shared by scoring.profile.update
// and scoring.feedback.create.
import { applyChange, DEFAULT_DEFINITION, definitionProblems, type DefinitionChange, type ScoringDefinition } from "@salestouch/scoring";
import type { ScoringProfileRow } from "@salestouch/store";
import { CommandError } from "@salestouch/runtime";
import type { Ctx, Out } from "../context.js";

export type ProfileView = NonNullable<Out<"scoring.profile.get">["profile"]>;

export function profileView(row: ScoringProfileRow): ProfileView {
  return {
    profile_id: row.profile_id,
    version: row.version,
    status: row.status,
    activated_at: row.activated_at,
    created_at: row.created_at,
    definition: JSON.parse(row.definition_json) as Record<string, unknown>,
  };
}

export function definitionOf(row: ScoringProfileRow | undefined): ScoringDefinition {
  return row ? (JSON.parse(row.definition_json) as ScoringDefinition) : DEFAULT_DEFINITION;
}

/** Offers and imports a definition names must be this workspace's. */
async function referenceProblems(ctx: Ctx, d: ScoringDefinition): Promise<{ path: string; message: string }[]> {
  const ws = ctx.principal.workspaceId;
  const problems: { path: string; message: string }[] = [];
  const offers = new Map<string, string>();
  const imports = new Map<string, string>();
  d.patterns.forEach((p, i) => {
    if (p.offer_id !== undefined) offers.set(p.offer_id, `/patterns/${i}/offer_id`);
    if (p.import_id !== undefined) imports.set(p.import_id, `/patterns/${i}/import_id`);
  });
  d.company_size.forEach((r, i) => {
    if (r.offer_id !== null) offers.set(r.offer_id, `/company_size/${i}/offer_id`);
  });
  for (const [id, path] of offers)
    if (!(await ctx.repos.offers.get(ws, id))) problems.push({ path, message: `offer ${id} not found; list offers with offer.list` });
  for (const [id, path] of imports)
    if (!(await ctx.repos.imports.get(ws, id))) problems.push({ path, message: `import ${id} not found; list imports with import.list` });
  return problems;
}

export interface Activation {
  row: ScoringProfileRow;
  previous: number | null;
  jobId: string;
}

/**
 * Validates `definition` and makes it the new active version; every mission lead is rescored by a
 * background job (older open jobs are superseded). `pathPrefix` places problems in the caller's input.
 */
export async function activateDefinition(ctx: Ctx, definition: ScoringDefinition, options: { pathPrefix: string }): Promise<Activation> {
  const problems = [...definitionProblems(definition), ...(await referenceProblems(ctx, definition))];
  if (problems.length > 0) {
    const details = problems.map((p) => ({ path: `${options.pathPrefix}${p.path}`, message: p.message }));
    throw new CommandError(
      "invalid_input",
      `${details[0]!.path} ${details[0]!.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}`,
      { details },
    );
  }
  const ws = ctx.principal.workspaceId;
  await ctx.repos.scoringProfiles.lockForActivation(ws);
  const latest = await ctx.repos.scoringProfiles.latestVersion(ws);
  const active = await ctx.repos.scoringProfiles.active(ws);
  const version = (latest?.version ?? 0) + 1;
  const row: ScoringProfileRow = {
    workspace_id: ws,
    version,
    profile_id: latest?.profile_id ?? ctx.ids.next("spr"),
    status: "active",
    definition_json: JSON.stringify(definition),
    created_at: ctx.now,
    activated_at: ctx.now,
  };
  await ctx.repos.scoringProfiles.activate(row);
  await ctx.repos.scoringJobs.supersede(ws, ctx.now);
  const jobId = ctx.ids.next("job");
  await ctx.repos.scoringJobs.insert({
    id: jobId,
    workspace_id: ws,
    profile_version: version,
    mission_id: null,
    import_id: null,
    force: 0,
    status: "queued",
    cursor: "",
    leads_done: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
    finished_at: null,
  });
  return { row, previous: active?.version ?? null, jobId };
}

/** The active definition with `change` applied (the defaults when there is no profile yet). */
export async function changedDefinition(
  ctx: Ctx,
  change: DefinitionChange,
): Promise<{ definition: ScoringDefinition; active: ScoringProfileRow | undefined }> {
  const active = await ctx.repos.scoringProfiles.active(ctx.principal.workspaceId);
  return { definition: applyChange(definitionOf(active), change), active };
}

export function conflictOnVersion(active: ScoringProfileRow | undefined, expected: number | undefined): void {
  if (expected === undefined || active?.version === expected) return;
  throw new CommandError("conflict", `the active scoring profile is version ${active?.version ?? "none"}, not ${expected}`, {
    hint: "Read it with scoring.profile.get, then send the change again with its version as expected_version.",
  });
}
