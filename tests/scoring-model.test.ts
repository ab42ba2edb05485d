// The scoring model on its own: the pattern syntax, company sizes, and properties of the pure
// score function over generated leads and profiles (same inputs → same score and breakdown).
import {
  compileProfile,
  DEFAULT_DEFINITION,
  explainScore,
  parseCompanySize,
  parsePattern,
  scoreLead,
  scoreOf,
  type ScoringDefinition,
  type ScoringSubject,
} from "@salestouch/scoring";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const subject = (over: Partial<ScoringSubject> = {}): ScoringSubject => ({
  jobTitle: null,
  headline: null,
  fullName: null,
  company: null,
  email: "a@example.com",
  linkedinUrl: null,
  location: null,
  companySize: null,
  experienceJson: "[]",
  status: "New",
  offerId: null,
  importId: null,
  signals: null,
  ...over,
});

describe("the pattern syntax", () => {
  it.each([
    ["head of sales", " head of sales "],
    ["Head  of   SALES", " head of sales "],
    ["sales*", " sales"],
    ["c-level", " c level "],
    ["Directeur Général", " directeur general "],
    ["b2b", " b2b "],
  ])("accepts %j as the phrase %j", (text, needle) => {
    const parsed = parsePattern(text);
    expect(parsed.ok && parsed.pattern.needle).toBe(needle);
  });

  it.each([
    ["(sales|marketing)", '"("'],
    ["sales* director", "only the last word"],
    ['"cfo"', '"""'],
    ["a b c d e f g h i", "at most 8"],
    ["-cfo", "must start and end"],
  ])("refuses %j naming the problem", (text, reason) => {
    const parsed = parsePattern(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});

describe("company sizes", () => {
  it.each([
    ["51-200", { min: 51, max: 200 }],
    ["51–200 employees", { min: 51, max: 200 }],
    ["1,001-5,000", { min: 1001, max: 5000 }],
    ["10001+", { min: 10001, max: Infinity }],
    ["500", { min: 500, max: 500 }],
    ["Self-employed", { min: 1, max: 1 }],
    ["unknown", null],
  ])("reads %j", (text, range) => expect(parseCompanySize(text)).toEqual(range));
});

const definition: ScoringDefinition = {
  ...DEFAULT_DEFINITION,
  patterns: [
    { pattern: "head of sales", weight: 3, field: "any", scope: "global" },
    { pattern: "intern", weight: -4, field: "any", scope: "global" },
    { pattern: "vp*", weight: 1.5, field: "job_title", scope: "global" },
    { pattern: "founder", weight: 2, field: "any", scope: "offer", offer_id: "off_1" },
  ],
  company_size: [{ offer_id: null, ideal: { min: 51, max: 200 }, acceptable: { min: 11, max: 1000 } }],
};
const profile = compileProfile(3, definition);

const words = fc.constantFrom("head", "of", "sales", "intern", "vp", "vpn", "founder", "cfo", "Head of Sales", "Stagiaire", "é");
const text = fc.option(
  fc.array(words, { maxLength: 6 }).map((w) => w.join(" ")),
  { nil: null },
);
const signal = fc.option(fc.integer({ min: 0, max: 100 }), { nil: null });
const subjects = fc.record({
  jobTitle: text,
  headline: text,
  fullName: text,
  company: text,
  email: fc.option(fc.emailAddress(), { nil: null }),
  linkedinUrl: fc.constant(null),
  location: text,
  companySize: fc.option(fc.constantFrom("1-10", "51-200", "201-500", "10001+", "n/a"), { nil: null }),
  experienceJson: fc.constantFrom("[]", '[{"role":"x","company":"y","duration":"z"}]'),
  status: fc.constantFrom("New", "Waiting", "Contacted", "Replied", "NotInterested", "DoNotContact"),
  offerId: fc.constantFrom(null, "off_1", "off_2"),
  importId: fc.constantFrom(null, "imp_1"),
  signals: fc.option(fc.record({ source_fit: signal, intent_signal: signal, freshness: signal }), { nil: null }),
});

describe("scoreLead", () => {
  it("gives the same score and breakdown for the same inputs, a whole number from 0 to 100", () => {
    fc.assert(
      fc.property(subjects, (s) => {
        const first = scoreLead(profile, s);
        const again = scoreLead(compileProfile(3, structuredClone(definition)), structuredClone(s));
        expect(again).toEqual(first);
        expect(Number.isInteger(first.score) && first.score >= 0 && first.score <= 100).toBe(true);
        expect(explainScore(first.score, 3, definition, first.breakdown, s)).toHaveLength(6);
      }),
      { numRuns: 300 },
    );
  });

  it("stores the score scoreLead explains: the score alone (memoised by title and headline) is the same number", () => {
    const shared = compileProfile(3, definition);
    fc.assert(
      fc.property(subjects, (s) => {
        const expected = scoreLead(profile, s).score;
        // Twice: the second call reads the lexical memo, which must not carry one lead's offer or import to another.
        expect(scoreOf(shared, s)).toBe(expected);
        expect(scoreOf(shared, s)).toBe(expected);
        expect(scoreOf(shared, { ...s, offerId: "off_1" })).toBe(scoreLead(profile, { ...s, offerId: "off_1" }).score);
      }),
      { numRuns: 300 },
    );
  });

  it("never lowers a score when a positive pattern is found in the job title", () => {
    fc.assert(
      fc.property(subjects, (s) => {
        const without = scoreLead(profile, { ...s, jobTitle: "Engineer" }).score;
        const withMatch = scoreLead(profile, { ...s, jobTitle: "Engineer and Head of Sales" }).score;
        expect(withMatch).toBeGreaterThanOrEqual(without);
      }),
      { numRuns: 200 },
    );
  });

  it("explains each component for a person", () => {
    const s = subject({
      jobTitle: "Head of Sales",
      headline: "ex-intern",
      companySize: "51-200",
      status: "Replied",
      signals: { source_fit: 80, intent_signal: null, freshness: 40 },
    });
    const { score, breakdown } = scoreLead(profile, s);
    expect(explainScore(score, 3, definition, breakdown, s)).toEqual([
      "provenance 60/100 (weight 2): the import's signals averaged",
      "lexical fit 40/100 (weight 4): +3 'head of sales' in job title, −4 'intern' in headline",
      "completeness 43/100 (weight 1): share of name, title, company, email or LinkedIn, location, company size and experience known",
      "activity 100/100 (weight 1): status Replied",
      "company size 100/100 (weight 2): 51-200 fits the offer's ideal range 51-200",
      `score ${score} = weighted average of the counted components; qualified (threshold 50, profile version 3)`,
    ]);
    expect(score).toBe(Math.round((2 * 60 + 4 * 40 + 43 + 100 + 2 * 100) / 10));
  });

  it("applies offer- and import-scoped patterns only to their leads, and leaves out what does not apply", () => {
    const founder = subject({ jobTitle: "Founder" });
    expect(scoreLead(profile, { ...founder, offerId: "off_1" }).breakdown.m).toEqual([6]);
    expect(scoreLead(profile, { ...founder, offerId: "off_2" }).breakdown.m).toEqual([]);
    const { breakdown } = scoreLead(profile, founder);
    expect(breakdown.v).toEqual([null, 50, 29, null, null]);
  });
});
