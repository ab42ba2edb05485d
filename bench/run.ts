// `pnpm bench [--full] [--only=http,cli,mcp,cold,imports,uploads,console,scoring,growth,soak] [--soak-minutes=N] [--soak-rate=R]`: the performance record. Every figure sits next to
// a baseline measured in the same run; the ratios are what we track (docs/performance.md).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchConsole } from "./src/console.js";
import { benchMissionGrowth, benchSearchGrowth } from "./src/growth.js";
import { benchHttp, type LoadFigures } from "./src/http.js";
import { benchImports } from "./src/imports.js";
import { benchMcpContext } from "./src/mcp-context.js";
import { checkBuild, machineInfo } from "./src/machine.js";
import { renderMarkdown, type Report } from "./src/report.js";
import { benchScoring } from "./src/scoring.js";
import { benchSearch } from "./src/search.js";
import { benchSoak } from "./src/soak.js";
import { benchStartUps } from "./src/spawn.js";
import { benchUploads } from "./src/uploads.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const full = process.argv.includes("--full");
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const wants = (part: string): boolean => !only || only.includes(part);
/** The soak runs in --full (10 minutes) or when given a length: `--soak-minutes=2`. */
const soakArg = process.argv.find((a) => a.startsWith("--soak-minutes="))?.slice("--soak-minutes=".length);
const soakMinutes = soakArg !== undefined ? Number(soakArg) : full ? 10 : 0;
const rateArg = process.argv.find((a) => a.startsWith("--soak-rate="))?.slice("--soak-rate=".length);
const soakRate = rateArg !== undefined ? Number(rateArg) : 200;
if (!Number.isInteger(soakMinutes) || soakMinutes < 0 || !Number.isInteger(soakRate) || soakRate < 1) {
  process.stderr.write(`bench: --soak-minutes takes whole minutes and --soak-rate whole requests a second (e.g. --soak-minutes=2 --soak-rate=200)\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  checkBuild(root, ["packages/contracts", "packages/runtime", "packages/store", "packages/commands", "packages/host", "apps/server"]);
  const workDir = mkdtempSync(join(tmpdir(), "salestouch-bench-"));
  const report: Report = { when: new Date().toISOString(), mode: full ? "full" : "quick", machine: machineInfo(), http: null, spawn: {}, notes: [] };
  const runs = full ? 20 : 10;
  // A goal's figure is a median of per-round ratios over at least GATE_ROUNDS interleaved rounds, in
  // quick mode too: fewer rounds let one disturbed round decide a run.
  const GATE_ROUNDS = 5;
  try {
    if (wants("http")) {
      report.http = (await benchHttp({ root, workDir, rounds: full ? 7 : GATE_ROUNDS, seconds: full ? 10 : 4, connections: 16 })) as Record<
        string,
        LoadFigures
      >;
    }
    if (wants("cli") || wants("mcp") || wants("cold")) {
      // Interleaved: each start is paired with a `node -e 0` spawn just before it, round by round.
      const startUps = await benchStartUps({ root, workDir, runs, cli: wants("cli"), mcp: wants("mcp"), cold: wants("cold") });
      report.spawn = startUps.figures;
      report.notes.push(...startUps.notes);
    }
    if (wants("mcp")) report.context = (await benchMcpContext(root, workDir)) ?? undefined;
    if (wants("imports")) {
      // About 2 minutes on 2 cores, most of it the 1M-row import whose leads lead.search then queries.
      report.imports = await benchImports({ root, workDir, rows: 100_000, bigRows: 1_000_000, rounds: full ? 7 : GATE_ROUNDS });
      report.search = await benchSearch({
        root,
        databaseFile: join(workDir, "imports-big.db"),
        leads: report.imports.big.rows,
        rounds: full ? 100 : 30,
      });
    }
    if (wants("uploads")) {
      // The whole 1M-row (~150 MB) file in full mode; 200k rows in quick mode.
      report.uploads = await benchUploads({ root, workDir, rows: full ? 1_000_000 : 200_000 });
    }
    if (wants("scoring")) {
      // About a minute and a half on 2 cores in quick mode; full mode adds the 1M-lead rescoring (a 1M-row import first).
      report.scoring = await benchScoring({
        root,
        workDir,
        rows: full ? 200_000 : 100_000,
        rounds: GATE_ROUNDS,
        bigRows: full ? 1_000_000 : undefined,
      });
    }
    if (wants("growth")) {
      // Fixtures are built once and cached (fixtures.ts): the first run pays about a minute per million leads.
      report.growth = {
        search: await benchSearchGrowth({
          root,
          workDir,
          sizes: full ? [100_000, 1_000_000, 5_000_000] : [100_000, 1_000_000],
          rounds: full ? 100 : 30,
        }),
        http: await benchMissionGrowth({ root, workDir, rounds: full ? 7 : GATE_ROUNDS, seconds: full ? 10 : 3, connections: 16 }),
      };
    }
    if (wants("soak") && soakMinutes > 0) {
      report.soak = await benchSoak({ root, workDir, minutes: soakMinutes, ratePerSec: soakRate, leads: 100_000 });
    }
    if (wants("console")) {
      // About 30 s: a 10k-lead mission and 100 held imports, then each page loaded in a fresh browser context.
      const consoleFigures = await benchConsole({ root, workDir, rounds: full ? 10 : 5 });
      if (consoleFigures) report.console = consoleFigures;
      else report.notes.push("web console not measured: /usr/bin/chromium or apps/console/dist missing");
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const outDir = join(root, "bench/results");
  mkdirSync(outDir, { recursive: true });
  const markdown = renderMarkdown(report);
  writeFileSync(join(outDir, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, "latest.md"), markdown);
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
