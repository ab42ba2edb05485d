// salestouch-conformance: checks that a deployment implements the SalesTouch contract this kit was
// built from. Exit codes: 0 every check passed (or was skipped), 1 a check failed, 2 the run could
// not start (bad arguments, unreachable URL, rejected key, not this contract).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { authChecks, catalogChecks, exampleChecks, invalidInputChecks, isolationChecks, type Check, type Options } from "./checks.js";
import { loadContract } from "./contract.js";
import { createTarget, describeAnswer, isObject, Unreachable, type Target } from "./http.js";
import { mcpChecks } from "./mcp.js";
import { Failure, Skip, type CheckResult } from "./outcome.js";
import { renderJunit, renderTable, summaryLine, trailNote, type Report } from "./report.js";

const USAGE = `Usage: salestouch-conformance --base-url <url> --api-key <key> [options]

Checks a deployment against SalesTouch contract %VERSION%: the catalog and every descriptor, each
schema endpoint, every spec example (setup and call; outputs against the output schemas), invalid
input, authentication, workspace isolation, and the MCP tools.

Options:
  --base-url <url>         the deployment's root, e.g. https://salestouch.staging.example
  --api-key <key>          a key of a workspace kept for this kit: the examples write there
  --second-api-key <key>   a key of another workspace: checks that neither sees the other's ids
  --mcp                    also check the MCP endpoint at <base-url>/api/mcp
  --mcp-url <url>          … at this URL instead
  --read-only              run only checks that write nothing
  --only <group,…>         catalog, schemas, examples, invalid-input, auth, isolation, mcp
  --junit <file>           write JUnit XML there
  --json                   print the report as JSON instead of a table
  --timeout <ms>           per request (default 15000)
  -h, --help               this help`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      "base-url": { type: "string" },
      "api-key": { type: "string" },
      "second-api-key": { type: "string" },
      mcp: { type: "boolean" },
      "mcp-url": { type: "string" },
      "read-only": { type: "boolean" },
      only: { type: "string" },
      junit: { type: "string" },
      json: { type: "boolean" },
      timeout: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

class Fatal extends Error {}

/** Before any check: the URL answers, the key is accepted, and what answers is this contract. */
async function preflight(target: Target, apiKey: string): Promise<void> {
  let answer: Awaited<ReturnType<Target["request"]>>;
  try {
    answer = await target.request("/api/v1/commands", { key: apiKey });
  } catch (error) {
    if (error instanceof Unreachable) throw new Fatal(`${error.message}. Check --base-url and that the deployment is up.`);
    throw error;
  }
  if (answer.status === 401 || answer.status === 403) {
    const code = isObject(answer.body) && isObject(answer.body["error"]) ? String(answer.body["error"]["code"]) : "?";
    throw new Fatal(
      `${target.baseUrl} refused the key given with --api-key (HTTP ${answer.status} ${code}). Check the key, or create one on the deployment.`,
    );
  }
  const commands = isObject(answer.body) && isObject(answer.body["data"]) ? answer.body["data"]["commands"] : undefined;
  if (answer.status !== 200 || !Array.isArray(commands)) {
    throw new Fatal(
      `${target.baseUrl} does not look like a SalesTouch deployment: GET /api/v1/commands answered ${describeAnswer(answer)} where the contract answers 200 {"data":{"commands":[…]}}. Check --base-url (the server's root).`,
    );
  }
}

async function runCheck(check: Check): Promise<CheckResult> {
  const started = performance.now();
  const done = (outcome: CheckResult["outcome"], message: string): CheckResult => ({
    group: check.group,
    name: check.name,
    outcome,
    message,
    ms: Math.round(performance.now() - started),
  });
  try {
    const note = await check.run();
    return done("passed", typeof note === "string" ? note : "");
  } catch (error) {
    if (error instanceof Skip) return done("skipped", error.message);
    if (error instanceof Failure) return done("failed", error.message);
    if (error instanceof Unreachable) return done("failed", error.message);
    return done("failed", `unexpected: ${(error as Error).stack ?? String(error)}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const contract = loadContract();
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    process.stderr.write(`salestouch-conformance: ${(error as Error).message}\n\n${USAGE.replace("%VERSION%", contract.version)}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE.replace("%VERSION%", contract.version)}\n`);
    return 0;
  }
  const baseUrl = values["base-url"];
  const apiKey = values["api-key"];
  const problems = [
    !baseUrl ? "--base-url is required" : !/^https?:\/\//.test(baseUrl) ? `--base-url ${baseUrl} is not an http(s) URL` : null,
    !apiKey ? "--api-key is required" : null,
    values.timeout !== undefined && !(Number(values.timeout) > 0) ? `--timeout ${values.timeout} is not a positive number of milliseconds` : null,
  ].filter((p): p is string => p !== null);
  const groups = values.only?.split(",").map((g) => g.trim());
  const known = ["catalog", "schemas", "examples", "invalid-input", "auth", "isolation", "mcp"];
  const unknownGroups = (groups ?? []).filter((g) => !known.includes(g));
  if (unknownGroups.length > 0) problems.push(`--only: unknown group ${unknownGroups.join(", ")} (known: ${known.join(", ")})`);
  if (problems.length > 0) {
    process.stderr.write(`salestouch-conformance: ${problems.join("; ")}\n(run with --help for usage)\n`);
    return 2;
  }
  const target = createTarget(baseUrl!, values.timeout === undefined ? 15_000 : Number(values.timeout));
  const options: Options = { apiKey: apiKey!, secondApiKey: values["second-api-key"], readOnly: values["read-only"] === true };
  try {
    await preflight(target, options.apiKey);
  } catch (error) {
    if (!(error instanceof Fatal)) throw error;
    process.stderr.write(`salestouch-conformance: ${error.message}\n`);
    return 2;
  }

  const trail = new Set<string>();
  const produced = new Set<string>();
  const mcpUrl = values["mcp-url"] ?? `${target.baseUrl}/api/mcp`;
  const checks = [
    ...catalogChecks(target, contract, options),
    ...authChecks(target, contract),
    ...invalidInputChecks(target, contract, options),
    ...exampleChecks(target, contract, options, trail, produced),
    ...isolationChecks(target, contract, options, produced),
    ...(values.mcp || values["mcp-url"] ? mcpChecks(mcpUrl, options.apiKey, contract, contract.version) : []),
  ].filter((check) => !groups || groups.includes(check.group));
  if (!values.json && !options.readOnly)
    process.stderr.write("Note: the examples write in the workspace of --api-key (use a workspace kept for this kit, or --read-only).\n");
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await runCheck(check));

  const count = (outcome: CheckResult["outcome"]) => results.filter((r) => r.outcome === outcome).length;
  const report: Report = {
    kit_version: contract.version,
    contract_version: contract.version,
    base_url: target.baseUrl,
    read_only: options.readOnly,
    wrote_with: [...trail].sort(),
    results,
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped"),
  };
  if (values.junit) writeFileSync(values.junit, renderJunit(report));
  if (values.json) process.stdout.write(`${JSON.stringify({ ...report, trail: trailNote(report) }, null, 2)}\n`);
  else process.stdout.write(`${renderTable(report)}\n${trailNote(report)}\n${summaryLine(report)}\n`);
  return report.failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`salestouch-conformance: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
