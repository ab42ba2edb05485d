// The explanation a person reads, rebuilt from a stored breakdown and the profile version that
// produced it: one line per component, e.g. "lexical fit 80/100 (weight 4): +3 'head of sales' in job title".
import { COMPONENTS, type Component, type ScoringDefinition } from "./definition.js";
import { formatRange } from "./company-size.js";
import { sizeRuleFor, type Breakdown, type ScoringSubject } from "./score.js";

const LABEL: Record<Component, string> = {
  provenance: "provenance",
  lexical: "lexical fit",
  completeness: "completeness",
  activity: "activity",
  company_size: "company size",
};

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`.replace("-", "−"));

/** What explains a component, given what the breakdown says about it. */
function detail(component: Component, d: ScoringDefinition, b: Breakdown, s: Pick<ScoringSubject, "status" | "companySize" | "offerId">): string {
  switch (component) {
    case "provenance":
      return "the import's signals averaged";
    case "lexical": {
      if (b.m.length === 0) return "no pattern found in job title or headline";
      return b.m
        .map((code) => {
          const p = d.patterns[code >> 1];
          return p ? `${signed(p.weight)} '${p.pattern}' in ${code & 1 ? "headline" : "job title"}` : `pattern ${code >> 1}`;
        })
        .join(", ");
    }
    case "completeness":
      return "share of name, title, company, email or LinkedIn, location, company size and experience known";
    case "activity":
      return `status ${s.status}`;
    case "company_size": {
      const rule = sizeRuleFor(d.company_size, s.offerId);
      const range = rule ? (b.s === "outside" ? rule.acceptable : rule.ideal) : null;
      const where =
        b.s === "ideal"
          ? "fits the offer's ideal range"
          : b.s === "acceptable"
            ? "is in the offer's acceptable range, not the ideal"
            : "is outside the offer's acceptable range";
      return `${s.companySize ?? "?"} ${where}${range ? ` ${formatRange(range.min, range.max)}` : ""}`;
    }
  }
}

function notCounted(component: Component, s: Pick<ScoringSubject, "status">): string {
  switch (component) {
    case "provenance":
      return "the import gave no signals";
    case "lexical":
      return "no pattern applies to this lead";
    case "activity":
      return `status ${s.status}`;
    case "company_size":
      return "company size unknown or no size rule for the offer";
    case "completeness":
      return "";
  }
}

/** One line per component, then the total against the threshold. */
export function explainScore(
  score: number,
  version: number,
  d: ScoringDefinition,
  b: Breakdown,
  s: Pick<ScoringSubject, "status" | "companySize" | "offerId">,
): string[] {
  const lines = COMPONENTS.map((component, i) => {
    const value = b.v[i] ?? null;
    const weight = d.weights[component];
    if (value === null) return `${LABEL[component]}: not counted (${notCounted(component, s)})`;
    if (weight <= 0) return `${LABEL[component]} ${value}/100: not counted (weight 0)`;
    return `${LABEL[component]} ${value}/100 (weight ${weight}): ${detail(component, d, b, s)}`;
  });
  const verdict = score >= d.threshold ? "qualified" : "not qualified";
  lines.push(`score ${score} = weighted average of the counted components; ${verdict} (threshold ${d.threshold}, profile version ${version})`);
  return lines;
}
