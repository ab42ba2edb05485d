// `pnpm spec:diff`, `pnpm spec:check` and `pnpm spec:release`: the contract's versioning workflow
// (docs/spec-workflow.md).
//   spec:diff [--base <git-ref>] [--json]  every change since the last release (or <git-ref>), classified
//   spec:check                             fails when the working spec is not releasable as its info.version
//   spec:release [--dry-run]               bumps info.version as the changes need, regenerates, records the release
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync, copyFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CHANGELOG, GENERATED, RELEASED, contractAt, releasedContract, versionOf, workingContract } from "./contract.js";
import { diffContracts, frozenViolations } from "./diff.js";
import { checkRelease, nextVersion, renderChanges, renderChangelogEntry } from "./release.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index < 0) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value, e.g. ${name} main`);
  return value;
}

function diff(): number {
  const baseRef = option("--base");
  const base = baseRef === undefined ? releasedContract(root) : contractAt(root, baseRef);
  const working = workingContract(root);
  const changes = [...frozenViolations(base, working), ...diffContracts(base, working)];
  const baseName = baseRef === undefined ? `release ${versionOf(base)}` : `${baseRef} (${versionOf(base)})`;
  if (process.argv.includes("--json")) {
    process.stdout.write(
      `${JSON.stringify({ base: { ref: baseRef ?? RELEASED, version: versionOf(base) }, working: { version: versionOf(working) }, changes }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`${renderChanges(changes, baseName, versionOf(working))}\n`);
  }
  return 0;
}

function check(): number {
  const released = releasedContract(root);
  const working = workingContract(root);
  const problems = checkRelease(released, working, readFileSync(join(root, CHANGELOG), "utf8"));
  if (problems.length === 0) {
    const pending = diffContracts(released, working).filter((c) => c.kind !== "annotation").length;
    const note = pending > 0 ? `; ${pending} change(s) wait for \`pnpm spec:release\`` : "";
    process.stdout.write(`spec:check: the working contract ${versionOf(working)} is compatible with release ${versionOf(released)}${note}\n`);
    return 0;
  }
  process.stderr.write(`${problems.join("\n")}\n`);
  return 1;
}

function setSpecVersion(version: string): void {
  const file = join(root, "spec/openapi.yaml");
  const text = readFileSync(file, "utf8");
  const updated = text.replace(/^(info:\n(?:[ \t]+.*\n)*?[ \t]+version:[ \t]*).*$/m, `$1${version}`);
  if (updated === text && !text.includes(`version: ${version}`)) throw new Error("spec/openapi.yaml: no info.version line to update");
  writeFileSync(file, updated);
}

function release(): number {
  const released = releasedContract(root);
  const working = workingContract(root);
  const frozen = frozenViolations(released, working);
  if (frozen.length > 0) {
    process.stderr.write(
      `${renderChanges(frozen, `release ${versionOf(released)}`, versionOf(working))}\nspec:release: refused; undo the change above.\n`,
    );
    return 1;
  }
  const changes = diffContracts(released, working);
  const next = nextVersion(versionOf(released), versionOf(working), changes);
  if (next === undefined) {
    process.stdout.write(`spec:release: nothing to release; the working contract equals release ${versionOf(released)}\n`);
    return 0;
  }
  process.stdout.write(`${renderChanges(changes, `release ${versionOf(released)}`, next)}\n`);
  if (process.argv.includes("--dry-run")) {
    process.stdout.write(`spec:release: would release ${next} (dry run; nothing written)\n`);
    return 0;
  }
  setSpecVersion(next);
  const gen = spawnSync(join(root, "node_modules/.bin/tsx"), ["scripts/gen/main.ts"], { cwd: root, stdio: "inherit" });
  if (gen.status !== 0) throw new Error("pnpm gen failed; the version in spec/openapi.yaml is updated, nothing else");
  mkdirSync(dirname(join(root, RELEASED)), { recursive: true });
  copyFileSync(join(root, GENERATED), join(root, RELEASED));
  const changelog = join(root, CHANGELOG);
  const text = existsSync(changelog) ? readFileSync(changelog, "utf8") : "# Contract changelog\n";
  const entry = renderChangelogEntry(next, new Date().toISOString().slice(0, 10), changes);
  const at = text.indexOf("\n## ");
  writeFileSync(changelog, at < 0 ? `${text.trimEnd()}\n\n${entry}` : `${text.slice(0, at + 1)}${entry}\n${text.slice(at + 1)}`);
  process.stdout.write(`spec:release: released ${next}: ${RELEASED}, ${CHANGELOG} and spec/openapi.yaml updated; commit them with the spec change\n`);
  return 0;
}

const commands: Record<string, () => number> = { diff, check, release };
const name = process.argv[2] ?? "";
const run = commands[name];
if (run === undefined) {
  process.stderr.write("usage: tsx scripts/spec/main.ts diff [--base <git-ref>] [--json] | check | release [--dry-run]\n");
  process.exit(2);
}
try {
  process.exit(run());
} catch (error) {
  process.stderr.write(`spec:${name}: ${(error as Error).message}\n`);
  process.exit(1);
}
