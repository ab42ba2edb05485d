// offer.create — spec/commands/offer.create.json
import type { Ctx, In, Out } from "../context.js";
import { cleanText } from "../context.js";
import { loadOffer, offerView, referencesJson } from "./view.js";

export async function createOffer(input: In<"offer.create">, ctx: Ctx): Promise<Out<"offer.create">> {
  const id = ctx.ids.next("off");
  await ctx.repos.offers.insert({
    id,
    workspace_id: ctx.principal.workspaceId,
    name: input.name.trim(),
    one_liner: input.one_liner.trim(),
    value_proposition: input.value_proposition.trim(),
    description: cleanText(input.description) ?? null,
    landing_page_url: input.landing_page_url ?? null,
    sales_brief_url: input.sales_brief_url ?? null,
    is_draft: input.is_draft ? 1 : 0,
    last_used_at: null,
    references_json: referencesJson(ctx, input.references ?? []),
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  return { offer: offerView(await loadOffer(ctx, id)) };
}
