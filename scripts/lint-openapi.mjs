#!/usr/bin/env node
// `pnpm lint:openapi`: Redocly's recommended rules plus ours (redocly.yaml) on the bundled OpenAPI
// document. Redocly fails only on errors; we fail on warnings too — the goal is 0 and 0.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const document = "packages/contracts/src/generated/openapi.json";
const result = spawnSync(join(root, "node_modules/.bin/redocly"), ["lint", document, "--format=json"], {
  cwd: root,
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
let report;
try {
  report = JSON.parse(result.stdout.slice(result.stdout.indexOf("{")));
} catch {
  process.stderr.write(`lint:openapi: redocly gave no report\n${result.stdout}${result.stderr}`);
  process.exit(1);
}
const problems = report.problems ?? [];
for (const p of problems) {
  const where = p.location?.[0]?.pointer ?? "";
  process.stderr.write(`${p.severity.padEnd(7)} ${p.ruleId}  ${where}\n        ${p.message}\n`);
}
const errors = problems.filter((p) => p.severity === "error").length;
const warnings = problems.length - errors;
const line = `lint:openapi: ${document}: ${errors} error(s), ${warnings} warning(s)`;
if (problems.length > 0 || result.status !== 0) {
  process.stderr.write(`${line}; fix the document (spec/openapi.yaml, spec/commands, scripts/gen/emit-openapi.ts), not the rules\n`);
  process.exit(1);
}
process.stdout.write(`${line}\n`);
