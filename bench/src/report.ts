// The Markdown table of a benchmark run, with each figure's ratio to its baseline and the goal.
import { type ConsoleFigures, consoleRows } from "./console.js";
import { type GrowthFigures, growthRows } from "./growth.js";
import type { ContextFigure } from "./mcp-context.js";
import type { LoadFigures } from "./http.js";
import type { ImportFigures } from "./imports.js";
import { importRows } from "./imports-report.js";
import { type ScoringFigures, scoringRows } from "./scoring.js";
import type { SearchFigures } from "./search.js";
import { type SoakFigures, soakRows } from "./soak.js";
import type { SpawnFigure } from "./spawn.js";
import { median, round, spread } from "./stats.js";
import { uploadRows, type UploadFigures } from "./uploads.js";

export interface Report {
  when: string;
  mode: "quick" | "full";
  machine: Record<string, unknown>;
  http: Record<string, LoadFigures> | null;
  spawn: Record<string, SpawnFigure>;
  imports?: ImportFigures;
  search?: SearchFigures;
  /** What the MCP server puts in a model's context (characters, tokens at 4 characters a token). */
  context?: Record<string, ContextFigure>;
  uploads?: UploadFigures;
  console?: ConsoleFigures;
  scoring?: ScoringFigures;
  growth?: GrowthFigures;
  soak?: SoakFigures;
  notes: string[];
}

/** The context budget of the default tools/list, in tokens (docs/mcp.md). */
const TOOLS_LIST_BUDGET = 8000;

function contextRows(context: Record<string, ContextFigure>): string[] {
  return [
    `| MCP context | characters | tokens (chars / 4) | of the ${TOOLS_LIST_BUDGET}-token tools/list budget |`,
    "|---|---|---|---|",
    ...Object.entries(context).map(
      ([name, f]) => `| ${name} | ${f.characters} | ${f.tokens} | ${((f.tokens / TOOLS_LIST_BUDGET) * 100).toFixed(0)}% |`,
    ),
  ];
}

const NOISY = 0.1;

function httpRows(http: Record<string, LoadFigures>): string[] {
  const express = http["express baseline"]!;
  const node = http["node:http baseline"]!;
  const rows = [
    "| HTTP (16 connections) | req/s | p50 ms | p99 ms | vs Express req/s | vs node:http req/s | p99 vs Express | spread |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const [name, f] of Object.entries(http)) {
    rows.push(
      `| ${name} | ${f.reqPerSec} | ${f.p50} | ${f.p99} | ${round(f.reqPerSec / express.reqPerSec)} | ${round(f.reqPerSec / node.reqPerSec)} | ${round(f.p99 / Math.max(express.p99, 1))} | ${round(f.spread * 100, 1)}%${f.spread > NOISY ? " (noisy)" : ""} |`,
    );
  }
  const ours = http["runtime mission.create"]!;
  rows.push(
    "",
    `Goal: mission.create ≥ 0.90 of Express req/s (now ${round(ours.reqPerSec / express.reqPerSec)}), p99 ≤ 1.5 × Express p99 (now ${round(ours.p99 / Math.max(express.p99, 1))}).`,
    "",
    "| runtime vs its bare node:http baseline | median of per-round req/s ratios | per-round ratios | spread | goal |",
    "|---|---|---|---|---|",
  );
  for (const [runtime, baseline, goal] of RATIO_GOALS) {
    const a = http[runtime];
    const b = http[baseline];
    if (!a || !b) continue;
    // Rounds interleave the targets, so round i of each saw the same moment of the machine.
    const ratios = a.rounds.map((v, i) => v / Math.max(b.rounds[i] ?? 0, 1));
    const m = median(ratios);
    rows.push(
      `| ${runtime} vs ${baseline} | ${round(m)} | ${ratios.map((r) => round(r)).join(", ")} | ${round(spread(ratios) * 100, 1)}% | ≥ ${goal} (${m >= goal ? "met" : "not met"} this run) |`,
    );
  }
  return rows;
}

/** Each runtime figure, the baseline doing the same work bare, and the ratio aimed at. */
const RATIO_GOALS: [string, string, number][] = [
  ["runtime mission.create", "node:http baseline", 0.6],
  ["runtime mission.get", "node:http baseline mission.get", 0.7],
  ["runtime mission.create (PostgreSQL)", "node:http + pg baseline", 0.6],
  ["runtime mission.get (PostgreSQL)", "node:http + pg baseline mission.get", 0.6],
];

function spawnRows(spawn: Record<string, SpawnFigure>): string[] {
  const floor = spawn["node -e 0"];
  if (!floor) return [];
  const goals: Record<string, string> = {
    "cli commands run mission.create --json": "≤ 1.5×",
    "cli commands list --json": "< 3×",
    "mcp stdio spawn → tools/list": "≤ 1.5×",
    "server cold start → first mission.create": "< 200 ms",
    "test server (startTestServer) spawn → first mission.create": "< 300 ms",
  };
  const rows = [
    "| process | median ms | × node -e 0 (median of per-round ratios) | goal | spread (ms) | spread (ratios) |",
    "|---|---|---|---|---|---|",
  ];
  for (const [name, f] of Object.entries(spawn)) {
    const ratio = f.ratio ?? round(f.medianMs / floor.medianMs);
    const ratioSpread = f.ratioSpread === undefined ? "" : `${round(f.ratioSpread * 100, 1)}%${f.ratioSpread > NOISY ? " (noisy)" : ""}`;
    rows.push(
      `| ${name} | ${f.medianMs} | ${ratio} | ${goals[name] ?? "baseline"} | ${round(f.spread * 100, 1)}%${f.spread > NOISY ? " (noisy)" : ""} | ${ratioSpread} |`,
    );
  }
  return rows;
}

export function renderMarkdown(report: Report): string {
  const lines = [
    `# Benchmark (${report.mode}) — ${report.when}`,
    "",
    `Machine: ${Object.entries(report.machine)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(", ")}. Figures are medians over rounds; "spread" is (max − min) / median across rounds, and above 10% the figure is marked noisy.`,
    "",
  ];
  if (report.http) lines.push(...httpRows(report.http), "");
  lines.push(...spawnRows(report.spawn), "");
  if (report.context) lines.push(...contextRows(report.context), "");
  if (report.imports) lines.push(...importRows(report.imports, report.search), "");
  if (report.uploads) lines.push(...uploadRows(report.uploads), "");
  if (report.console) lines.push(...consoleRows(report.console), "");
  if (report.scoring) lines.push(...scoringRows(report.scoring), "");
  if (report.growth) lines.push(...growthRows(report.growth), "");
  if (report.soak) lines.push(...soakRows(report.soak), "");
  for (const note of report.notes) lines.push(`- ${note}`);
  return `${lines.join("\n")}\n`;
}
