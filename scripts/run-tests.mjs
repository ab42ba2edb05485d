#!/usr/bin/env node
// The whole suite: spec drift, lint, typecheck, then every vitest test. Ends with one line
// `N passed, N failed` (the checks count as one test each) and exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.FORCE_COLOR ?? "0" };
let passed = 0;
let failed = 0;

function check(name, command, args) {
  process.stderr.write(`\n[test] ${name}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status === 0) passed++;
  else {
    failed++;
    process.stderr.write(`[test] ${name} FAILED\n`);
  }
}

check("gen:check — generated code matches spec/", bin("tsx"), ["scripts/gen/main.ts", "--check"]);
check("spec:check — the working spec is releasable as its info.version", bin("tsx"), ["scripts/spec/main.ts", "check"]);
check("lint — the bundled OpenAPI document (Redocly recommended + redocly.yaml)", process.execPath, ["scripts/lint-openapi.mjs"]);
check("lint — Biome over the whole tree (rules and formatting)", bin("biome"), ["check", "--error-on-warnings", "--max-diagnostics=50", "."]);
check("lint — unused files, exports and dependencies (knip.jsonc)", bin("knip"), []);
check("lint — house rules per package", bin("turbo"), ["run", "lint", "--ui=stream", "--output-logs=errors-only"]);
check("typecheck", bin("turbo"), ["run", "typecheck", "--ui=stream", "--output-logs=errors-only"]);
check("typecheck scripts/", bin("tsc"), ["-p", "scripts/tsconfig.json"]);

const reportDir = join(root, "test-results");
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
const report = join(reportDir, "vitest.json");
process.stderr.write("\n[test] vitest\n");
const vitest = spawnSync(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env,
});
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, "utf8"));
  passed += summary.numPassedTests;
  failed += summary.numFailedTests;
  // A suite that fails to load has no tests to count; it still fails the run.
  const brokenSuites = summary.testResults.filter((r) => r.status === "failed" && r.assertionResults.every((a) => a.status !== "failed")).length;
  failed += brokenSuites;
} else {
  failed++;
}
if (vitest.status !== 0 && failed === 0) failed++;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
