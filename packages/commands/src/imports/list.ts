// import.list — spec/commands/import.list.json
import type { MissionRow } from "@salestouch/store";
import type { Ctx, In, Out } from "../context.js";
import { checkCursor } from "../missions/list.js";
import { loadMission } from "../missions/view.js";
import { importSummary } from "./view.js";

export async function listImports(input: In<"import.list">, ctx: Ctx): Promise<Out<"import.list">> {
  checkCursor(input.cursor);
  if (input.mission_id !== undefined) await loadMission(ctx, input.mission_id);
  const page = await ctx.repos.imports.list(ctx.principal.workspaceId, {
    missionId: input.mission_id,
    type: input.type,
    limit: input.limit ?? 20,
    cursor: input.cursor,
  });
  const missions = new Map<string, MissionRow | undefined>();
  for (const id of new Set(page.items.map((i) => i.mission_id))) missions.set(id, await ctx.repos.missions.get(ctx.principal.workspaceId, id));
  return { imports: page.items.map((record) => importSummary(record, missions.get(record.mission_id))), next_cursor: page.nextCursor };
}
