// The score of a lead in a mission: a pure function of the lead, the mission's offer, the import
// that added it and one profile version (docs/scoring.md). Same inputs, same score, same breakdown.
import { overlaps, parseCompanySize } from "./company-size.js";
import type { CompanySizeRule, ScoringDefinition, ScoringPattern } from "./definition.js";
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
 * How a score came about: per component its value (null when it did not count), the patterns
 * matched (index × 2, + 1 when found in the headline rather than the job title) and the
 * company-size verdict. Not stored: a version is immutable and the score a pure function, so
 * lead.get computes it again from the stored version and checks it gives the stored score; the
 * text a person reads is built from it (explain.ts).
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
  /** True when some pattern is scoped to an offer or an import (the lexical fit then depends on them). */
  scoped: boolean;
  /**
   * The lexical fit by job title and headline (and offer and import when scoped): job titles repeat
   * across leads, so most leads of a batch find theirs here instead of normalising and matching
   * again. Bounded; a pure function's results, so it changes no score.
   */
  lexicalMemo: Map<string, number | null>;
}

const LEXICAL_MEMO_MAX = 20_000;

export function compileProfile(version: number, definition: ScoringDefinition): CompiledProfile {
  const patterns = definition.patterns.map((p) => {
    const parsed = parsePattern(p.pattern);
    if (!parsed.ok) throw new Error(`profile version ${version}: pattern "${p.pattern}" ${parsed.reason}`);
    return { ...p, compiled: parsed.pattern };
  });
  return { version, definition, patterns, scoped: patterns.some((p) => p.scope !== "global"), lexicalMemo: new Map() };
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
  const g = s.signals;
  if (!g) return null;
  let sum = 0;
  let given = 0;
  for (const v of [g.source_fit, g.intent_signal, g.freshness]) {
    if (v === null) continue;
    sum += v;
    given++;
  }
  return given === 0 ? null : sum / given;
}

function inScope(p: ScoringPattern, s: ScoringSubject): boolean {
  return p.scope === "global" || (p.scope === "offer" ? p.offer_id === s.offerId : p.import_id === s.importId);
}

/** The lexical fit; `matched` (when given) receives the patterns found. */
function lexical(profile: CompiledProfile, s: ScoringSubject, matched: number[] | null): number | null {
  let applicable = false;
  let points = 0;
  const title = normalizeText(s.jobTitle);
  const headline = normalizeText(s.headline);
  const patterns = profile.patterns;
  for (let index = 0; index < patterns.length; index++) {
    const p = patterns[index]!;
    if (!inScope(p, s)) continue;
    applicable = true;
    if (p.field !== "headline" && matches(p.compiled, title)) {
      matched?.push(index * 2);
      points += p.weight;
    } else if (p.field !== "job_title" && matches(p.compiled, headline)) {
      matched?.push(index * 2 + 1);
      points += p.weight;
    }
  }
  return applicable ? Math.min(100, Math.max(0, 50 + 10 * points)) : null;
}

/** The lexical fit without the patterns found, from the profile's memo when this title and headline were seen. */
function lexicalMemoised(profile: CompiledProfile, s: ScoringSubject): number | null {
  const key = profile.scoped
    ? `${s.jobTitle ?? ""}\u0000${s.headline ?? ""}\u0000${s.offerId ?? ""}\u0000${s.importId ?? ""}`
    : `${s.jobTitle ?? ""}\u0000${s.headline ?? ""}`;
  const memo = profile.lexicalMemo;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const value = lexical(profile, s, null);
  if (memo.size >= LEXICAL_MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
}

/** The share (0-100, whole) of the seven things a complete profile knows. */
function completeness(s: ScoringSubject): number {
  const known =
    +!!s.fullName +
    +!!(s.jobTitle || s.headline) +
    +!!s.company +
    +!!(s.email || s.linkedinUrl) +
    +!!s.location +
    +!!s.companySize +
    +(s.experienceJson !== "[]" && s.experienceJson !== "");
  return Math.round((100 * known) / 7);
}

export function sizeRuleFor(rules: readonly CompanySizeRule[], offerId: string | null): CompanySizeRule | undefined {
  return (offerId === null ? undefined : rules.find((r) => r.offer_id === offerId)) ?? rules.find((r) => r.offer_id === null);
}

function companySize(d: ScoringDefinition, s: ScoringSubject, breakdown: Breakdown | null): number | null {
  if (d.company_size.length === 0 || !s.companySize) return null;
  const rule = sizeRuleFor(d.company_size, s.offerId);
  const size = rule ? parseCompanySize(s.companySize) : null;
  if (!rule || !size) return null;
  const verdict = overlaps(size, rule.ideal.min, rule.ideal.max)
    ? "ideal"
    : overlaps(size, rule.acceptable.min, rule.acceptable.max)
      ? "acceptable"
      : "outside";
  if (breakdown) breakdown.s = verdict;
  return verdict === "ideal" ? 100 : verdict === "acceptable" ? 60 : 0;
}

/**
 * The weighted average, 0-100 and whole, of the components that count for this lead (0 when none
 * does); the breakdown is filled in when given. One computation for both uses, so the score a
 * batch stores and the one lead.get explains cannot drift apart.
 */
function compute(profile: CompiledProfile, s: ScoringSubject, breakdown: Breakdown | null): number {
  const d = profile.definition;
  const w = d.weights;
  let sum = 0;
  let weights = 0;
  const add = (value: number | null, weight: number) => {
    breakdown?.v.push(value === null ? null : Math.round(value * 10) / 10);
    if (value === null || weight <= 0) return;
    sum += weight * value;
    weights += weight;
  };
  // In COMPONENTS order (definition.ts).
  add(provenance(s), w.provenance);
  add(breakdown ? lexical(profile, s, breakdown.m) : w.lexical > 0 ? lexicalMemoised(profile, s) : null, w.lexical);
  add(completeness(s), w.completeness);
  add(ACTIVITY[s.status] ?? null, w.activity);
  add(breakdown || w.company_size > 0 ? companySize(d, s, breakdown) : null, w.company_size);
  return weights === 0 ? 0 : Math.round(sum / weights);
}

/** The score and how it came about (for explaining it). */
export function scoreLead(profile: CompiledProfile, s: ScoringSubject): ScoreResult {
  const breakdown: Breakdown = { v: [], m: [] };
  const score = compute(profile, s, breakdown);
  return { score, breakdown };
}

/** The score alone: what imports and rescoring store (the same number scoreLead gives). */
export function scoreOf(profile: CompiledProfile, s: ScoringSubject): number {
  return compute(profile, s, null);
}
