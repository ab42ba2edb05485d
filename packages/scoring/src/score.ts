// The score of a lead in a mission: a pure function of the lead, the mission's offer, the import
// that added it and one profile version (docs/scoring.md). Same inputs, same score, same breakdown.
import { overlaps, parseCompanySize } from "./company-size.js";
import { COMPONENTS, type Component, type CompanySizeRule, type ScoringDefinition, type ScoringPattern } from "./definition.js";
import { matches, normalizeText, parsePattern, type CompiledPattern } from "./patterns.js";

/** What scoring reads about one lead in one mission. */
export interface ScoringSubject {
  jobTitle: string | null;
  headline: string | null;
  fullName: string | null;
  company: string | null;
  email: string | null;
  linkedinUrl: string | null;
  location: string | null;
  companySize: string | null;
  /** The stored experience JSON ("[]" when none). */
  experienceJson: string;
  /** The lead's status in the mission. */
  status: string;
  /** The mission's offer, and the import that added the lead to the mission. */
  offerId: string | null;
  importId: string | null;
  /** The import's signals, 0-100 each; null when not given. */
  signals: { source_fit: number | null; intent_signal: number | null; freshness: number | null } | null;
}

/**
 * How a score came about, kept with it: per component its value (null when it did not count),
 * the patterns matched (index × 2, + 1 when found in the headline rather than the job title) and
 * the company-size verdict. The text a person reads is rebuilt from it and the version (explain.ts).
 */
export interface Breakdown {
  v: (number | null)[];
  m: number[];
  s?: "ideal" | "acceptable" | "outside";
}

export interface ScoreResult {
  score: number;
  breakdown: Breakdown;
}

interface Compiled extends ScoringPattern {
  compiled: CompiledPattern;
}

/** A profile version prepared for scoring many leads: patterns compiled once. */
export interface CompiledProfile {
  version: number;
  definition: ScoringDefinition;
  patterns: Compiled[];
}

export function compileProfile(version: number, definition: ScoringDefinition): CompiledProfile {
  const patterns = definition.patterns.map((p) => {
    const parsed = parsePattern(p.pattern);
    if (!parsed.ok) throw new Error(`profile version ${version}: pattern "${p.pattern}" ${parsed.reason}`);
    return { ...p, compiled: parsed.pattern };
  });
  return { version, definition, patterns };
}

const ACTIVITY: Record<string, number | null> = {
  New: null,
  Waiting: null,
  Contacted: 70,
  Replied: 100,
  MeetingBooked: 100,
  Interested: 100,
  NotInterested: 0,
  DoNotContact: 0,
};

function provenance(s: ScoringSubject): number | null {
  const given = s.signals ? [s.signals.source_fit, s.signals.intent_signal, s.signals.freshness].filter((v): v is number => v !== null) : [];
  return given.length === 0 ? null : given.reduce((a, b) => a + b, 0) / given.length;
}

function inScope(p: ScoringPattern, s: ScoringSubject): boolean {
  return p.scope === "global" || (p.scope === "offer" ? p.offer_id === s.offerId : p.import_id === s.importId);
}

function lexical(profile: CompiledProfile, s: ScoringSubject, matched: number[]): number | null {
  let applicable = false;
  let points = 0;
  const title = normalizeText(s.jobTitle);
  const headline = normalizeText(s.headline);
  profile.patterns.forEach((p, index) => {
    if (!inScope(p, s)) return;
    applicable = true;
    if (p.field !== "headline" && matches(p.compiled, title)) {
      matched.push(index * 2);
      points += p.weight;
    } else if (p.field !== "job_title" && matches(p.compiled, headline)) {
      matched.push(index * 2 + 1);
      points += p.weight;
    }
  });
  return applicable ? Math.min(100, Math.max(0, 50 + 10 * points)) : null;
}

/** The seven things a complete profile knows. */
function completenessChecks(s: ScoringSubject): boolean[] {
  return [
    !!s.fullName,
    !!(s.jobTitle || s.headline),
    !!s.company,
    !!(s.email || s.linkedinUrl),
    !!s.location,
    !!s.companySize,
    s.experienceJson !== "[]" && s.experienceJson !== "",
  ];
}

export function sizeRuleFor(rules: readonly CompanySizeRule[], offerId: string | null): CompanySizeRule | undefined {
  return (offerId === null ? undefined : rules.find((r) => r.offer_id === offerId)) ?? rules.find((r) => r.offer_id === null);
}

function companySize(d: ScoringDefinition, s: ScoringSubject, breakdown: Breakdown): number | null {
  const rule = sizeRuleFor(d.company_size, s.offerId);
  const size = rule ? parseCompanySize(s.companySize) : null;
  if (!rule || !size) return null;
  if (overlaps(size, rule.ideal.min, rule.ideal.max)) breakdown.s = "ideal";
  else if (overlaps(size, rule.acceptable.min, rule.acceptable.max)) breakdown.s = "acceptable";
  else breakdown.s = "outside";
  return breakdown.s === "ideal" ? 100 : breakdown.s === "acceptable" ? 60 : 0;
}

/** The weighted average, 0-100 and whole, of the components that count for this lead (0 when none does). */
export function scoreLead(profile: CompiledProfile, s: ScoringSubject): ScoreResult {
  const d = profile.definition;
  const breakdown: Breakdown = { v: [], m: [] };
  const checks = completenessChecks(s);
  const values: Record<Component, number | null> = {
    provenance: provenance(s),
    lexical: lexical(profile, s, breakdown.m),
    completeness: Math.round((100 * checks.filter(Boolean).length) / checks.length),
    activity: ACTIVITY[s.status] ?? null,
    company_size: companySize(d, s, breakdown),
  };
  let sum = 0;
  let weights = 0;
  for (const component of COMPONENTS) {
    const value = values[component];
    const weight = d.weights[component];
    breakdown.v.push(value === null ? null : Math.round(value * 10) / 10);
    if (value === null || weight <= 0) continue;
    sum += weight * value;
    weights += weight;
  }
  return { score: weights === 0 ? 0 : Math.round(sum / weights), breakdown };
}
