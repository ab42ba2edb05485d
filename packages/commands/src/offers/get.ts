// offer.get — spec/commands/offer.get.json
import type { Ctx, In, Out } from "../context.js";
import { loadOffer, offerView } from "./view.js";

export async function getOffer(input: In<"offer.get">, ctx: Ctx): Promise<Out<"offer.get">> {
  return { offer: offerView(await loadOffer(ctx, input.offer_id)) };
}
