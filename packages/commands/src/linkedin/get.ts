// linkedin.draft.get — spec/commands/linkedin.draft.get.json
import type { Ctx, In, Out } from "../context.js";
import { viewOfDraft } from "./view.js";

export async function getDraft(input: In<"linkedin.draft.get">, ctx: Ctx): Promise<Out<"linkedin.draft.get">> {
  return { draft: await viewOfDraft(ctx, input.draft_id) };
}
