// Mission rows → the published mission shape (the seed's output schema), with offer, stats and imports.
import type { MissionImportSummary, MissionOfferSummary, MissionRow, NewMission, OfferRow } from "@salestouch/store";
import { CommandError, notFound } from "@salestouch/runtime";
import type { Ctx, Out } from "../context.js";

export type MissionView = Out<"mission.get">["mission"];

function importView(row: MissionImportSummary): MissionView["imports"][number] {
  return {
    import_id: row.id,
    type: row.type,
    name: row.name,
    date: row.created_at,
    count: row.created_count + row.skipped_count + row.invalid_count + row.updated_count,
    created_count: row.created_count,
    skipped_count: row.skipped_count,
    invalid_count: row.invalid_count,
    source_url: row.source_url,
    context: row.context,
  };
}

export function missionView(
  row: NewMission,
  offer: MissionOfferSummary | undefined,
  stats: MissionView["stats"],
  imports: readonly MissionImportSummary[],
): MissionView {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    stats,
    updated_at: row.updated_at,
    brief: {
      description: row.description,
      target_audience: row.target_audience,
      desired_action: row.desired_action,
      cta_url: row.cta_url,
      tone_instructions: row.tone_instructions,
      example_messages: JSON.parse(row.example_messages_json) as string[],
      offer_id: row.offer_id,
      offer_name: offer?.name ?? null,
      offer_summary: offer?.one_liner ?? null,
      offer_landing_page_url: offer?.landing_page_url ?? null,
    },
    imports: imports.map(importView),
  };
}

/** Builds views for many rows with one query each for offers, stats and imports; a row as written (NewMission) is enough. */
export async function missionViews(ctx: Ctx, rows: readonly NewMission[]): Promise<MissionView[]> {
  const ids = rows.map((r) => r.id);
  const offerIds = rows.map((r) => r.offer_id).filter((id): id is string => id !== null);
  const [offers, stats, imports] = await Promise.all([
    ctx.repos.offers.getMany(ctx.principal.workspaceId, offerIds),
    ctx.repos.missions.stats(ids),
    ctx.repos.missions.imports(ids),
  ]);
  return rows.map((row) => missionView(row, row.offer_id ? offers.get(row.offer_id) : undefined, stats.get(row.id)!, imports.get(row.id) ?? []));
}

export async function loadMission(ctx: Ctx, missionId: string): Promise<MissionRow> {
  const row = await ctx.repos.missions.get(ctx.principal.workspaceId, missionId);
  if (!row) throw notFound("mission", missionId, "mission.list");
  return row;
}

/** One mission's view: the row, its counts, its offer and its imports, in one statement. */
export async function loadMissionView(ctx: Ctx, missionId: string): Promise<{ mission: MissionView }> {
  const details = ctx.repos.missions.getDetails(ctx.principal.workspaceId, missionId);
  // Within a SQLite transaction the row comes as a value: awaiting only a promise spares a call one.
  const found = details instanceof Promise ? await details : details;
  if (!found) throw notFound("mission", missionId, "mission.list");
  return { mission: missionView(found.row, found.offer, found.stats, found.imports) };
}

/** An offer_id given as input must exist in the caller's workspace; the offer it names, if any. */
export async function checkOfferLink(ctx: Ctx, offerId: string | null | undefined): Promise<OfferRow | undefined> {
  if (offerId === undefined || offerId === null) return undefined;
  const offer = await ctx.repos.offers.get(ctx.principal.workspaceId, offerId);
  if (!offer) {
    throw new CommandError("not_found", `offer ${offerId} not found in this workspace`, {
      hint: "List offers with {{run offer.list}}, or create one with {{run offer.create}}, then pass its id as offer_id.",
    });
  }
  return offer;
}
