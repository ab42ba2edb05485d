// Every document the code and the docs cite is in the repository, so a newcomer who clones it can
// open each one: Markdown links resolve, and every `*.md` path or name mentioned exists.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const SKIP = new Set(["node_modules", "dist", ".git", ".turbo", "test-results", ".tools", ".data", "coverage"]);
const SCANNED = /\.(ts|mts|mjs|js|md|json|yaml|yml)$/;
/** Reports the tools write at run time (gitignored), cited by the docs that explain them. */
const WRITTEN_AT_RUN_TIME = new Set(["bench/results/latest.md", "latest.md"]);
const SELF = join(root, "tests", "doc-citations.test.ts");

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name === "generated") continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full));
    else if (SCANNED.test(name)) out.push(full);
  }
  return out;
}

const sources = ["packages", "apps", "scripts", "tests", "docs", "spec", "bench"]
  .filter((d) => existsSync(join(root, d)))
  .flatMap((d) => files(join(root, d)))
  .filter((f) => f !== SELF);
for (const top of readdirSync(root)) if (top.endsWith(".md")) sources.push(join(root, top));
const markdownNames = new Set(sources.filter((f) => f.endsWith(".md")).map((f) => basename(f)));

/** The cited paths of one file that do not exist, as "file: citation". */
function brokenCitations(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const broken: string[] = [];
  const here = dirname(file);
  const exists = (path: string) => existsSync(join(here, path)) || existsSync(join(root, path));
  if (file.endsWith(".md")) {
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!.split("#")[0]!;
      if (target === "" || /^[a-z]+:/i.test(target)) continue;
      if (!exists(target)) broken.push(`${relative(root, file)}: link ${m[1]}`);
    }
  }
  for (const m of text.matchAll(/(?<![\w@:/.-])((?:[\w.-]+\/)*[\w.-]+\.md)\b/g)) {
    const cited = m[1]!;
    if (WRITTEN_AT_RUN_TIME.has(cited)) continue;
    if (cited.includes("/") ? exists(cited) : markdownNames.has(cited) || exists(cited)) continue;
    broken.push(`${relative(root, file)}: ${cited}`);
  }
  return broken;
}

describe("document citations", () => {
  it("scans the whole tree", () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  it("cites only documents that are in the repository", () => {
    expect(sources.flatMap(brokenCitations)).toEqual([]);
  });

  it("flags a citation of a document the repository does not hold", () => {
    const dir = mkdtempSync(join(tmpdir(), "citations-"));
    const probe = join(dir, "probe.md");
    writeFileSync(probe, "See ROADMAP.md and [the guide](docs/missing-guide.md); docs/design.md and [style](docs/style.md) exist.\n");
    try {
      expect(brokenCitations(probe).map((line) => line.split(": ")[1])).toEqual([
        "link docs/missing-guide.md",
        "ROADMAP.md",
        "docs/missing-guide.md",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
