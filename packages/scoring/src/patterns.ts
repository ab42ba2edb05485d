// The lexical pattern syntax (spec/schemas/scoring-profile-definition.json, patterns[].pattern):
// one to eight words of letters and digits, inner & + # . ' - allowed, a trailing * for a prefix;
// matched as a phrase at word boundaries, case and accents ignored. Nothing else is accepted.

const WORD = /^[\p{L}\p{N}]+(?:[&+#.'-][\p{L}\p{N}]+)*\*?$/u;
const MAX_WORDS = 8;

/** A pattern ready to match: the normalised phrase, padded so `includes` only finds whole words. */
export interface CompiledPattern {
  /** " head of sales " (whole word) or " sales" (prefix: the last word may continue). */
  needle: string;
}

export type PatternParse = { ok: true; pattern: CompiledPattern; canonical: string } | { ok: false; reason: string };

/** Lower case, accents removed, every run of other characters one space, padded with spaces. */
export function normalizeText(text: string | null | undefined): string {
  if (!text) return " ";
  const folded = text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  return ` ${folded.replace(/[^\p{L}\p{N}]+/gu, " ").trim()} `;
}

/** Checks a pattern against the syntax; the reason says which part is wrong and what is allowed. */
export function parsePattern(text: string): PatternParse {
  const words = text
    .trim()
    .split(/\s+/u)
    .filter((w) => w !== "");
  if (words.length === 0) return { ok: false, reason: "is empty; give one to eight words" };
  if (words.length > MAX_WORDS) return { ok: false, reason: `has ${words.length} words; a pattern has at most ${MAX_WORDS}` };
  for (const [index, word] of words.entries()) {
    if (WORD.test(word)) {
      if (word.endsWith("*") && index !== words.length - 1)
        return { ok: false, reason: `puts * inside the phrase ("${word}"); only the last word may end with * (a prefix match)` };
      continue;
    }
    const odd = [...word].find((c) => !/[\p{L}\p{N}&+#.'*-]/u.test(c));
    return {
      ok: false,
      reason:
        odd !== undefined
          ? `uses "${odd}", which is not part of the pattern syntax: words of letters and digits (inner & + # . ' - allowed) and * at the end for a prefix; no regular expressions, quotes or operators`
          : `has the word "${word}", which must start and end with a letter or digit (a final * for a prefix)`,
    };
  }
  const prefix = words[words.length - 1]!.endsWith("*");
  const phrase = normalizeText(words.join(" ").replace(/\*$/, "")).trimEnd();
  return { ok: true, canonical: words.join(" ").toLowerCase(), pattern: { needle: prefix ? phrase : `${phrase} ` } };
}

/** True when the normalised text holds the pattern at word boundaries. */
export function matches(pattern: CompiledPattern, normalized: string): boolean {
  return normalized.includes(pattern.needle);
}
