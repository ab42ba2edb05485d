// What `pnpm spec:check` demands of the working spec against the last release, the version
// `pnpm spec:release` picks, and how changes read in the report and in spec/CHANGELOG.md.
import { diffContracts, frozenViolations, type ContractChange, type Json, type JsonObject } from "./diff.js";
import { bump, bumpBetween, compareVersions, covers, formatVersion, parseVersion, requiredBump } from "./version.js";

const LABEL = { breaking: "BREAKING", compatible: "compatible", annotation: "annotation" } as const;

function short(value: Json | undefined): string {
  if (value === undefined) return "(none)";
  const text = JSON.stringify(value);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

function byScope(changes: readonly ContractChange[]): Map<string, ContractChange[]> {
  const groups = new Map<string, ContractChange[]>();
  for (const change of changes) groups.set(change.scope, [...(groups.get(change.scope) ?? []), change]);
  return groups;
}

function counts(changes: readonly ContractChange[]): string {
  const n = (kind: ContractChange["kind"]): number => changes.filter((c) => c.kind === kind).length;
  return `${n("breaking")} breaking, ${n("compatible")} compatible, ${n("annotation")} annotation(s)`;
}

/** The readable report: per command or route, each change with old → new and, when breaking, why. */
export function renderChanges(changes: readonly ContractChange[], baseName: string, workingVersion: string): string {
  const lines = [`Contract changes from ${baseName} to the working spec (info.version ${workingVersion}): ${counts(changes)}`];
  const order = { breaking: 0, compatible: 1, annotation: 2 } as const;
  for (const [scope, list] of byScope([...changes].sort((a, b) => order[a.kind] - order[b.kind]))) {
    lines.push("", scope);
    for (const change of list) {
      lines.push(`  ${LABEL[change.kind].padEnd(10)}  ${change.change}`);
      if (change.before !== undefined || change.after !== undefined) lines.push(`${" ".repeat(14)}${short(change.before)} → ${short(change.after)}`);
      if (change.why !== undefined) lines.push(`${" ".repeat(14)}breaks consumers: ${change.why}`);
    }
  }
  return lines.join("\n");
}

export function renderChangelogEntry(version: string, date: string, changes: readonly ContractChange[]): string {
  const lines = [`## ${version} — ${date}`, ""];
  const section = (title: string, list: readonly ContractChange[], why: boolean): void => {
    if (list.length === 0) return;
    lines.push(`${title}:`, "");
    if (why) for (const c of list) lines.push(`- ${c.scope}: ${c.change}${c.why ? ` — ${c.why}` : ""}`);
    else {
      // The same compatible change made across many routes (a header documented everywhere) reads as one line.
      const scopesOf = new Map<string, string[]>();
      for (const c of list) scopesOf.set(c.change, [...(scopesOf.get(c.change) ?? []), c.scope]);
      for (const [change, scopes] of scopesOf) {
        const where = scopes.length <= 3 ? scopes.join(", ") : `${scopes.length} operations (${scopes.slice(0, 2).join(", ")}, ...)`;
        lines.push(scopes.length === 1 ? `- ${scopes[0]}: ${change}` : `- ${change}: ${where}`);
      }
    }
    lines.push("");
  };
  section(
    "Breaking",
    changes.filter((c) => c.kind === "breaking"),
    true,
  );
  section(
    "Compatible",
    changes.filter((c) => c.kind === "compatible"),
    false,
  );
  const annotations = changes.filter((c) => c.kind === "annotation");
  if (annotations.length > 0)
    lines.push(`Annotations: ${annotations.length} description, summary or example change(s) in ${[...byScope(annotations).keys()].join(", ")}.`, "");
  if (changes.length === 0) lines.push("No change to the contract's shape.", "");
  return lines.join("\n");
}

const HOW_TO_RELEASE =
  "run `pnpm spec:release` (it sets info.version in spec/openapi.yaml, runs `pnpm gen`, records spec/released/openapi.json and a spec/CHANGELOG.md entry) and commit the result with your change; docs/spec-workflow.md has the steps";

/** The version `pnpm spec:release` records: the release's version bumped as the changes need, or a higher working version. */
export function nextVersion(releasedText: string, workingText: string, changes: readonly ContractChange[]): string | undefined {
  const released = parseVersion(releasedText);
  const working = parseVersion(workingText);
  const needed = requiredBump(changes);
  if (needed === "none" && compareVersions(working, released) <= 0) return undefined;
  const candidate = bump(released, needed === "none" ? "patch" : needed);
  return formatVersion(compareVersions(working, candidate) > 0 ? working : candidate);
}

/** Problems that make the working spec unreleasable as it stands; empty when `npm test` may pass. */
export function checkRelease(released: JsonObject, working: JsonObject, changelog?: string): string[] {
  const problems: string[] = [];
  const releasedVersion = String((released["info"] as JsonObject | undefined)?.["version"] ?? "");
  const workingVersion = String((working["info"] as JsonObject | undefined)?.["version"] ?? "");
  const frozen = frozenViolations(released, working);
  if (frozen.length > 0) {
    problems.push(
      `spec:check: ${renderChanges(frozen, `release ${releasedVersion}`, workingVersion)}`,
      "No version may change the published mission.create output: undo the change.",
    );
  }
  if (changelog !== undefined) {
    const versions = [...changelog.matchAll(/^## (\d+\.\d+\.\d+)\b/gm)].map((m) => m[1]!);
    const repeated = versions.filter((v, i) => versions.indexOf(v) !== i);
    if (versions[0] !== releasedVersion || repeated.length > 0) {
      problems.push(
        `spec:check: spec/CHANGELOG.md (newest ${versions[0] ?? "none"}${repeated.length > 0 ? `, ${repeated.join(", ")} recorded twice` : ""}) does not match the recorded release ${releasedVersion}.`,
        "After a rebase, take main's spec/released/openapi.json and spec/CHANGELOG.md (`git checkout main -- spec/released spec/CHANGELOG.md`), then run `pnpm gen && pnpm spec:release` to release your change on top.",
      );
    }
  }
  const rv = parseVersion(releasedVersion);
  const wv = parseVersion(workingVersion);
  if (compareVersions(wv, rv) < 0) {
    problems.push(
      `spec:check: info.version ${workingVersion} in spec/openapi.yaml is older than the recorded release ${releasedVersion}; set it to ${releasedVersion} or higher (after a rebase: keep main's version and run \`pnpm spec:release\`).`,
    );
    return problems;
  }
  const changes = diffContracts(released, working);
  const needed = requiredBump(changes);
  const made = bumpBetween(rv, wv);
  if (!covers(made, needed)) {
    const next = nextVersion(releasedVersion, workingVersion, changes) ?? "";
    const relevant = changes.filter((c) => c.kind === needed.replace("major", "breaking").replace("minor", "compatible"));
    const what =
      needed === "major"
        ? `breaks release ${releasedVersion} and info.version is ${workingVersion}; a breaking change needs a new major version (${next})`
        : `changes release ${releasedVersion} compatibly and info.version is ${workingVersion}; a compatible change needs at least a new minor version (${next})`;
    problems.push(
      `spec:check: the working spec ${what}.`,
      renderChanges(relevant, `release ${releasedVersion}`, workingVersion),
      "",
      `To release it: ${HOW_TO_RELEASE}.${needed === "major" ? " A major version breaks every consumer: prefer a compatible change (add a field instead of changing one) where you can." : ""}`,
    );
  }
  return problems;
}
