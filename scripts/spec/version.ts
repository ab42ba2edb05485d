// The contract's semantic version: what a set of changes needs, and whether a version provides it.
// Only plain MAJOR.MINOR.PATCH is used, so a dozen lines stand in for a semver library.
import type { ContractChange } from "./diff.js";

export type Bump = "major" | "minor" | "patch" | "none";

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`info.version "${text}" is not MAJOR.MINOR.PATCH`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export const formatVersion = (v: Version): string => `${v.major}.${v.minor}.${v.patch}`;

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** A breaking change needs a major version, a compatible one a minor, an annotation a patch. */
export function requiredBump(changes: readonly ContractChange[]): Bump {
  if (changes.some((c) => c.kind === "breaking")) return "major";
  if (changes.some((c) => c.kind === "compatible")) return "minor";
  if (changes.length > 0) return "patch";
  return "none";
}

export function bump(v: Version, kind: Bump): Version {
  if (kind === "major") return { major: v.major + 1, minor: 0, patch: 0 };
  if (kind === "minor") return { major: v.major, minor: v.minor + 1, patch: 0 };
  if (kind === "patch") return { major: v.major, minor: v.minor, patch: v.patch + 1 };
  return v;
}

/** The bump `working` makes over `released`: the highest part that went up. */
export function bumpBetween(released: Version, working: Version): Bump {
  if (working.major > released.major) return "major";
  if (working.major === released.major && working.minor > released.minor) return "minor";
  if (working.major === released.major && working.minor === released.minor && working.patch > released.patch) return "patch";
  return "none";
}

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** Whether a bump of `made` covers changes that need `needed` (annotations need none before release). */
export function covers(made: Bump, needed: Bump): boolean {
  if (needed === "patch") return true;
  return RANK[made] >= RANK[needed];
}
