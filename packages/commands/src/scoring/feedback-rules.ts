// What feedback can change, read deterministically (no language model): a lead with a verdict,
// and rules written in the message as +3 "head of sales", -2 "intern" or threshold 60.
import { applyChange, fullPattern, parsePattern, patternKey, type ScoringDefinition, type ScoringPattern } from "@salestouch/scoring";
import type { LeadRow } from "@salestouch/store";
import type { In } from "../context.js";

// The minus sign (U+2212) and curly quotes (U+201C, U+201D) are written as escapes: a regular
// expression keeps its characters as they are in a bundle, and one non-ASCII character makes the
// binaries' whole bundle slower to read (scripts/bundle-app.mjs).
const MESSAGE_PATTERN = /([+\-\u2212]\s?\d+(?:\.\d+)?)\s*["\u201C']([^"\u201D']{1,100})["\u201D']/gu;
const MESSAGE_THRESHOLD = /\bthreshold\s*(?:to|=|:|of|at)?\s*(\d{1,3}(?:\.\d+)?)\b/iu;
/** A good-fit title counts this much; a bad-fit one this much; a repeat verdict moves an existing pattern by NUDGE. */
const GOOD_FIT = 1.5;
const BAD_FIT = -2;
const NUDGE = 1;
const MAX_TITLE_WORDS = 8;

export interface FeedbackChange {
  definition: ScoringDefinition;
  /** What was read, for the log and for a person. */
  rules: string[];
}

/** The rules a message carries; invalid ones (a weight past 10, a pattern outside the syntax) are skipped with a note. */
function messageRules(message: string): { patterns: ScoringPattern[]; threshold?: number; skipped: string[] } {
  const patterns: ScoringPattern[] = [];
  const skipped: string[] = [];
  for (const match of message.matchAll(MESSAGE_PATTERN)) {
    const weight = Number(match[1]!.replace("−", "-").replace(/\s/g, ""));
    const text = match[2]!.trim();
    if (!parsePattern(text).ok || weight === 0 || Math.abs(weight) > 10) skipped.push(match[0]);
    else patterns.push(fullPattern({ pattern: text, weight }));
  }
  const threshold = MESSAGE_THRESHOLD.exec(message);
  const value = threshold ? Number(threshold[1]) : undefined;
  if (value !== undefined && value > 100) skipped.push(threshold![0]);
  return { patterns, threshold: value !== undefined && value <= 100 ? value : undefined, skipped };
}

/** A job title as a pattern: its first words, only the characters the syntax allows. */
function titlePattern(title: string | null): string | null {
  if (!title) return null;
  const words = title
    .split(/\s+/u)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").replace(/[^\p{L}\p{N}&+#.'-]/gu, ""))
    .filter((w) => w !== "");
  const candidate = words.slice(0, MAX_TITLE_WORDS).join(" ");
  return candidate !== "" && parsePattern(candidate).ok ? candidate : null;
}

/** Adds patterns to a list: the same pattern, field and scope takes the new weight (or is nudged). */
function merge(base: ScoringPattern[], added: ScoringPattern[], nudge: boolean): ScoringPattern[] {
  const out = base.map((p) => ({ ...p }));
  for (const p of added) {
    const at = out.findIndex((q) => patternKey(q) === patternKey(p));
    if (at < 0) out.push(p);
    else if (!nudge) out[at] = p;
    else out[at]!.weight = Math.max(-10, Math.min(10, out[at]!.weight + Math.sign(p.weight) * NUDGE)) || Math.sign(p.weight) * NUDGE;
  }
  return out;
}

/** The definition the feedback leads to, or null when it carries nothing applicable. */
export function feedbackChange(base: ScoringDefinition, input: In<"scoring.feedback.create">, lead: LeadRow | undefined): FeedbackChange | null {
  const rules: string[] = [];
  const fromMessage = messageRules(input.message);
  let patterns = base.patterns;
  if (fromMessage.patterns.length > 0) {
    patterns = merge(patterns, fromMessage.patterns, false);
    rules.push(...fromMessage.patterns.map((p) => `${p.weight > 0 ? "+" : ""}${p.weight} '${p.pattern}'`));
  }
  const title = lead && input.verdict ? titlePattern(lead.job_title) : null;
  if (title) {
    const weight = input.verdict === "good_fit" ? GOOD_FIT : BAD_FIT;
    patterns = merge(patterns, [fullPattern({ pattern: title, weight, field: "job_title" })], true);
    rules.push(`${input.verdict} on '${title}' in job title`);
  }
  const threshold = fromMessage.threshold;
  if (threshold !== undefined) rules.push(`threshold ${threshold}`);
  if (rules.length === 0) return null;
  return { definition: applyChange(base, { patterns, threshold }), rules };
}
