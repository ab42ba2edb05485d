// Offer rows → the published offer shape (camelCase inside the offer, as the public schema has it).
import type { OfferRow } from "@salestouch/store";
import { notFound } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";

export type OfferView = Out<"offer.get">["offer"];
export type OfferSummaryView = Out<"offer.list">["offers"][number];
type ReferenceInput = NonNullable<In<"offer.create">["references"]>[number];
type ReferenceView = OfferView["references"][number];

export function offerSummaryView(row: OfferRow): OfferSummaryView {
  return {
    id: row.id,
    organizationId: row.workspace_id,
    name: row.name,
    oneLiner: row.one_liner,
    valueProposition: row.value_proposition,
    description: row.description,
    landingPageUrl: row.landing_page_url,
    salesBriefUrl: row.sales_brief_url,
    isDraft: row.is_draft === 1,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function offerView(row: OfferRow): OfferView {
  const { createdAt, updatedAt, ...summary } = offerSummaryView(row);
  return { ...summary, references: JSON.parse(row.references_json) as ReferenceView[], createdAt, updatedAt };
}

/** Stored references carry an id and every published field, null when not given. */
export function referencesJson(ctx: Ctx, references: readonly ReferenceInput[]): string {
  const stored: ReferenceView[] = references.map((r) => ({
    id: ctx.ids.next("ref"),
    type: r.type,
    title: r.title ?? null,
    content: r.content,
    author: r.author ?? null,
    jobTitle: r.jobTitle ?? null,
    company: r.company ?? null,
    companyLocation: r.companyLocation ?? null,
    companySize: r.companySize ?? null,
    industry: r.industry ?? null,
    keyResult: r.keyResult ?? null,
    source: r.source ?? null,
    publishedAt: r.publishedAt ?? null,
  }));
  return JSON.stringify(stored);
}

export async function loadOffer(ctx: Ctx, offerId: string): Promise<OfferRow> {
  const row = await ctx.repos.offers.get(ctx.principal.workspaceId, offerId);
  if (!row) throw notFound("offer", offerId, "offer.list");
  return row;
}
