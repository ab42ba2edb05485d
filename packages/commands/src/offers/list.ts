// offer.list — spec/commands/offer.list.json
import type { Ctx, In, Out } from "../context.js";
import { checkCursor } from "../missions/list.js";
import { offerSummaryView } from "./view.js";

export async function listOffers(input: In<"offer.list">, ctx: Ctx): Promise<Out<"offer.list">> {
  checkCursor(input.cursor);
  const page = await ctx.repos.offers.list(ctx.principal.workspaceId, {
    isDraft: input.is_draft,
    query: input.query?.trim() || undefined,
    limit: input.limit ?? 20,
    cursor: input.cursor,
  });
  return { offers: page.items.map(offerSummaryView), next_cursor: page.nextCursor };
}
