// offer.update — spec/commands/offer.update.json
import type { OfferPatch } from "@salestouch/store";
import type { Ctx, In, Out } from "../context.js";
import { cleanText } from "../context.js";
import { loadOffer, offerView, referencesJson } from "./view.js";

export async function updateOffer(input: In<"offer.update">, ctx: Ctx): Promise<Out<"offer.update">> {
  await loadOffer(ctx, input.offer_id);
  const patch: OfferPatch = { updated_at: ctx.now };
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.one_liner !== undefined) patch.one_liner = input.one_liner.trim();
  if (input.value_proposition !== undefined) patch.value_proposition = input.value_proposition.trim();
  if (input.description !== undefined) patch.description = cleanText(input.description);
  if (input.landing_page_url !== undefined) patch.landing_page_url = input.landing_page_url;
  if (input.sales_brief_url !== undefined) patch.sales_brief_url = input.sales_brief_url;
  if (input.is_draft !== undefined) patch.is_draft = input.is_draft ? 1 : 0;
  if (input.references !== undefined) patch.references_json = referencesJson(ctx, input.references);
  await ctx.repos.offers.update(ctx.principal.workspaceId, input.offer_id, patch);
  return { offer: offerView(await loadOffer(ctx, input.offer_id)) };
}
