// A scoring profile's definition in full (every default filled in), the defaults a first version
// starts from, and the checks the JSON Schema cannot state (spec/schemas/scoring-profile-definition.json).
import type { CommandInput } from "@salestouch/contracts";
import { parsePattern } from "./patterns.js";

type UpdateInput = CommandInput<"scoring.profile.update">;

export const COMPONENTS = ["provenance", "lexical", "completeness", "activity", "company_size"] as const;
export type Component = (typeof COMPONENTS)[number];

type PatternField = "any" | "job_title" | "headline";
type PatternScope = "global" | "offer" | "import";

export interface ScoringPattern {
  pattern: string;
  weight: number;
  field: PatternField;
  scope: PatternScope;
  offer_id?: string;
  import_id?: string;
}

interface SizeRange {
  min: number;
  max: number | null;
}

export interface CompanySizeRule {
  offer_id: string | null;
  ideal: SizeRange;
  acceptable: SizeRange;
}

export interface ScoringDefinition {
  weights: Record<Component, number>;
  patterns: ScoringPattern[];
  company_size: CompanySizeRule[];
  threshold: number;
}

/** What a workspace's first version starts from before the change that creates it. */
export const DEFAULT_DEFINITION: ScoringDefinition = {
  weights: { provenance: 2, lexical: 4, completeness: 1, activity: 1, company_size: 2 },
  patterns: [],
  company_size: [],
  threshold: 50,
};

export type DefinitionChange = Pick<UpdateInput, "weights" | "patterns" | "company_size" | "threshold">;

/** A pattern with its defaults filled in and only the id its scope uses. */
export function fullPattern(p: NonNullable<DefinitionChange["patterns"]>[number]): ScoringPattern {
  const scope = p.scope ?? "global";
  const out: ScoringPattern = { pattern: p.pattern.trim(), weight: p.weight, field: p.field ?? "any", scope };
  if (p.offer_id !== undefined) out.offer_id = p.offer_id;
  if (p.import_id !== undefined) out.import_id = p.import_id;
  return out;
}

/** The definition after a change: weights merge key by key; patterns and company_size replace the list. */
export function applyChange(base: ScoringDefinition, change: DefinitionChange): ScoringDefinition {
  return {
    weights: { ...base.weights, ...(change.weights ?? {}) } as Record<Component, number>,
    patterns: change.patterns ? change.patterns.map(fullPattern) : base.patterns.map((p) => ({ ...p })),
    company_size: change.company_size
      ? change.company_size.map((r) => ({ offer_id: r.offer_id, ideal: { ...r.ideal }, acceptable: { ...r.acceptable } }))
      : base.company_size.map((r) => ({ ...r })),
    threshold: change.threshold ?? base.threshold,
  };
}

/** The key under which two patterns are the same rule (then the later weight wins). */
export function patternKey(p: ScoringPattern): string {
  const canonical = parsePattern(p.pattern);
  return [canonical.ok ? canonical.canonical : p.pattern, p.field, p.scope, p.offer_id ?? "", p.import_id ?? ""].join("\u0000");
}

export interface DefinitionProblem {
  /** JSON pointer inside the definition, e.g. /patterns/3/pattern. */
  path: string;
  message: string;
}

const upper = (r: SizeRange) => r.max ?? Number.POSITIVE_INFINITY;

function patternProblems(patterns: readonly ScoringPattern[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seen = new Map<string, number>();
  patterns.forEach((p, i) => {
    const parsed = parsePattern(p.pattern);
    if (!parsed.ok) problems.push({ path: `/patterns/${i}/pattern`, message: `pattern "${p.pattern}" ${parsed.reason}` });
    if (p.weight === 0)
      problems.push({ path: `/patterns/${i}/weight`, message: "a weight of 0 changes nothing; use -10 to 10 other than 0, or remove the pattern" });
    if (p.scope === "offer" && (p.offer_id === undefined || p.import_id !== undefined)) {
      problems.push({ path: `/patterns/${i}/offer_id`, message: "scope offer needs offer_id (and no import_id)" });
    }
    if (p.scope === "import" && (p.import_id === undefined || p.offer_id !== undefined)) {
      problems.push({ path: `/patterns/${i}/import_id`, message: "scope import needs import_id (and no offer_id)" });
    }
    if (p.scope === "global" && (p.offer_id !== undefined || p.import_id !== undefined)) {
      problems.push({
        path: `/patterns/${i}/scope`,
        message: "offer_id and import_id need scope offer or import; a global pattern applies to every lead",
      });
    }
    const key = patternKey(p);
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({ path: `/patterns/${i}`, message: `repeats patterns[${first}] (same pattern, field and scope); keep one` });
    else seen.set(key, i);
  });
  return problems;
}

function sizeProblems(rules: readonly CompanySizeRule[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const offers = new Map<string | null, number>();
  rules.forEach((r, i) => {
    for (const part of ["ideal", "acceptable"] as const) {
      if (r[part].max !== null && r[part].max! < r[part].min)
        problems.push({ path: `/company_size/${i}/${part}/max`, message: `max ${r[part].max} is below min ${r[part].min}` });
    }
    if (r.acceptable.min > r.ideal.min || upper(r.acceptable) < upper(r.ideal)) {
      problems.push({ path: `/company_size/${i}/acceptable`, message: "the acceptable range must contain the ideal range" });
    }
    const first = offers.get(r.offer_id);
    if (first !== undefined)
      problems.push({
        path: `/company_size/${i}/offer_id`,
        message: `company_size[${first}] is already the rule for ${r.offer_id ?? "missions without an offer rule"}; keep one`,
      });
    else offers.set(r.offer_id, i);
  });
  return problems;
}

/**
 * Whether some lead could score differently from another: a component that varies must carry
 * weight (lexical needs a pattern, company size a rule; the others vary with the lead).
 */
function varies(d: ScoringDefinition): boolean {
  const w = d.weights;
  return (
    w.provenance > 0 ||
    w.completeness > 0 ||
    w.activity > 0 ||
    (w.lexical > 0 && d.patterns.length > 0) ||
    (w.company_size > 0 && d.company_size.length > 0)
  );
}

/** Every problem the schema cannot see; empty when the definition may become a version. */
export function definitionProblems(d: ScoringDefinition): DefinitionProblem[] {
  const problems = [...patternProblems(d.patterns), ...sizeProblems(d.company_size)];
  if (!varies(d)) {
    problems.push({
      path: "/weights",
      message:
        "this profile would give every lead the same score: give weight to completeness, activity or provenance, or to lexical with at least one pattern, or to company_size with at least one rule",
    });
  }
  return problems;
}
