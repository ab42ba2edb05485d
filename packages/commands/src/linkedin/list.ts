// linkedin.draft.list — spec/commands/linkedin.draft.list.json
import { decodeCursor } from "@salestouch/store";
import { CommandError } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import { draftView } from "./view.js";

export async function listDrafts(input: In<"linkedin.draft.list">, ctx: Ctx): Promise<Out<"linkedin.draft.list">> {
  if (input.cursor !== undefined && decodeCursor(input.cursor) === undefined) {
    throw new CommandError("invalid_input", "cursor is not a next_cursor this command returned", {
      details: [{ path: "/cursor", message: "pass next_cursor from the previous page unchanged, or leave it out for the first page" }],
    });
  }
  const ws = ctx.principal.workspaceId;
  const page = await ctx.repos.drafts.list(ws, {
    status: input.status,
    missionId: input.mission_id,
    leadId: input.lead_id,
    limit: input.limit ?? 20,
    cursor: input.cursor,
  });
  const leads = await ctx.repos.leads.getMany(
    ws,
    page.items.map((d) => d.lead_id),
  );
  return { drafts: page.items.map((row) => draftView(row, leads.get(row.lead_id))), next_cursor: page.nextCursor };
}
