// import.leads.list — spec/commands/import.leads.list.json
import type { Ctx, In, Out } from "../context.js";
import { leadRecord } from "../leads/view.js";
import { checkCursor } from "../missions/list.js";
import { loadImport } from "./view.js";

export async function listImportLeads(input: In<"import.leads.list">, ctx: Ctx): Promise<Out<"import.leads.list">> {
  checkCursor(input.cursor);
  const record = await loadImport(ctx, input.import_id);
  const page = await ctx.repos.imports.leads(ctx.principal.workspaceId, record, {
    outcome: input.outcome,
    limit: input.limit ?? 20,
    cursor: input.cursor,
  });
  // Each lead's status is its status in the mission this import fed.
  const statuses = await ctx.repos.missionLeads.statusIn(
    record.mission_id,
    page.items.map((l) => l.id),
  );
  return { import_id: record.id, leads: page.items.map((lead) => leadRecord(lead, statuses.get(lead.id))), next_cursor: page.nextCursor };
}
