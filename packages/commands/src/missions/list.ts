// mission.list — spec/commands/mission.list.json
import { decodeCursor } from "@salestouch/store";
import { CommandError } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import { missionViews } from "./view.js";

export function checkCursor(cursor: string | undefined): void {
  if (cursor !== undefined && decodeCursor(cursor) === undefined) {
    throw new CommandError("invalid_input", "cursor is not one this server returned", {
      details: [{ path: "/cursor", message: "is not a next_cursor value from a previous page; omit it to start from the first page" }],
    });
  }
}

export async function listMissions(input: In<"mission.list">, ctx: Ctx): Promise<Out<"mission.list">> {
  checkCursor(input.cursor);
  const page = await ctx.repos.missions.list(ctx.principal.workspaceId, {
    status: input.status,
    query: input.query?.trim() || undefined,
    limit: input.limit ?? 20,
    cursor: input.cursor,
  });
  return { missions: await missionViews(ctx, page.items), next_cursor: page.nextCursor };
}
