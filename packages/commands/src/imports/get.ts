// import.get — spec/commands/import.get.json
import type { Ctx, In, Out } from "../context.js";
import { importDetail, loadImport } from "./view.js";

export async function getImport(input: In<"import.get">, ctx: Ctx): Promise<Out<"import.get">> {
  const record = await loadImport(ctx, input.import_id);
  return importDetail(record, await ctx.repos.missions.get(ctx.principal.workspaceId, record.mission_id));
}
