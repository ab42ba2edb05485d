import type { LeadRow } from "@salestouch/store";
import { describe, expect, it } from "vitest";
import { draftLead, hasIdentifier, withDerivedNames } from "./draft.js";
import { fillPatch, newLeadRow } from "./row.js";

describe("draftLead", () => {
  it("trims values, turns blanks into null and derives identity keys", () => {
    const drafted = draftLead({ email: " Ada@Analytical.example ", company: "  ", linkedin_url: "linkedin.com/in/Ada-L", score: "72" });
    expect(drafted).toEqual({
      ok: true,
      values: {
        email: "Ada@Analytical.example",
        email_key: "ada@analytical.example",
        company: null,
        linkedin_url: "https://www.linkedin.com/in/ada-l",
        linkedin_key: "ada-l",
        score: 72,
      },
    });
  });

  it("names the field at fault and why", () => {
    expect(draftLead({ email: "ada" })).toMatchObject({ ok: false, problem: { field: "email" } });
    expect(draftLead({ score: "high" })).toMatchObject({ ok: false, problem: { field: "score", reason: expect.stringMatching(/0 to 100/) } });
    expect(draftLead({ phone: "1".repeat(51) })).toMatchObject({ ok: false, problem: { field: "phone" } });
  });

  it("takes a Sales Navigator URL given as linkedin_url as the Sales Navigator id", () => {
    const drafted = draftLead({ linkedin_url: "https://www.linkedin.com/sales/lead/ACwAAB12cd,NAME_SEARCH" });
    expect(drafted).toEqual({ ok: true, values: { sales_nav_id: "ACwAAB12cd" } });
    if (drafted.ok) expect(hasIdentifier(drafted.values)).toBe(true);
  });
});

describe("withDerivedNames", () => {
  it.each([
    [{ full_name: "Ada King Lovelace" }, { full_name: "Ada King Lovelace", first_name: "Ada", last_name: "King Lovelace" }],
    [{ full_name: "Cher" }, { full_name: "Cher", first_name: "Cher", last_name: null }],
    [
      { first_name: "Grace", last_name: "Hopper" },
      { first_name: "Grace", last_name: "Hopper", full_name: "Grace Hopper" },
    ],
    [
      { full_name: "G. Hopper", first_name: "Grace" },
      { full_name: "G. Hopper", first_name: "Grace" },
    ],
  ])("derives %j into %j", (given, want) => {
    expect(withDerivedNames(given)).toEqual(want);
  });
});

describe("fillPatch", () => {
  const current = {
    ...newLeadRow(
      { email: "ada@x.example", email_key: "ada@x.example", company: "Old Co" },
      { id: "lead_1", workspaceId: "ws_1", now: "2026-01-01T00:00:00.000Z" },
    ),
  } as LeadRow;

  it("fills empty columns only and never overwrites a value", () => {
    expect(fillPatch(current, { company: "New Co", job_title: "CFO", email: "other@x.example", email_key: "other@x.example" })).toEqual({
      job_title: "CFO",
    });
  });

  it("fills an identifier together with its key", () => {
    expect(fillPatch(current, { linkedin_url: "https://www.linkedin.com/in/ada", linkedin_key: "ada" })).toEqual({
      linkedin_url: "https://www.linkedin.com/in/ada",
      linkedin_key: "ada",
    });
  });

  it("is empty when nothing is new", () => {
    expect(fillPatch(current, { company: "Another", email: "ada@x.example", email_key: "ada@x.example" })).toEqual({});
  });
});
