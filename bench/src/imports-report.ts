// The Markdown rows of the import and lead.search benchmarks, each figure next to its baseline and goal.
import type { ImportFigures } from "./imports.js";
import { round } from "./stats.js";
import type { SearchFigures } from "./search.js";

const NOISY = 0.1;

function noisy(spread: number): string {
  return `${round(spread * 100, 1)}%${spread > NOISY ? " (noisy)" : ""}`;
}

export function importRows(imports: ImportFigures, search: SearchFigures | null | undefined): string[] {
  const { importRate: ours, rawRate: raw, rawWithSearchRate: rawSearch, counts, big } = imports;
  const rows = [
    `| import (${imports.rows.toLocaleString("en")} CSV rows, ${imports.rounds} rounds) | rows/s | × raw insert | × raw insert + search index | spread |`,
    "|---|---|---|---|---|",
    `| import.csv csv_path, end to end | ${ours.rowsPerSec} | ${round(ours.rowsPerSec / raw.rowsPerSec)} | ${round(ours.rowsPerSec / rawSearch.rowsPerSec)} | ${noisy(ours.spread)} |`,
    `| raw better-sqlite3 insert into leads | ${raw.rowsPerSec} | 1 | | ${noisy(raw.spread)} |`,
    `| raw insert + FTS5 search index | ${rawSearch.rowsPerSec} | | 1 | ${noisy(rawSearch.spread)} |`,
    "",
    `Rows: ${counts["created"]} created, ${counts["skipped"]} skipped (repeats), ${counts["invalid"]} invalid, ${counts["updated"]} updated. ` +
      `Goal: import ≥ 0.35 × raw insert (now ${round(ours.rowsPerSec / raw.rowsPerSec)}).`,
    "",
    `Peak RSS: ${big.peakRssMb} MB importing ${big.rows.toLocaleString("en")} rows (${big.rowsPerSec} rows/s) vs ${big.smallPeakRssMb} MB for ${imports.rows.toLocaleString("en")} rows. ` +
      `Goal: flat with file size (now × ${round(big.peakRssMb / Math.max(big.smallPeakRssMb, 1))}).`,
  ];
  if (search) {
    rows.push("", `| lead.search over ${search.leads.toLocaleString("en")} leads (${search.queries} queries) | p50 ms | p99 ms |`, "|---|---|---|");
    rows.push(`| all | ${search.p50Ms} | ${search.p99Ms} |`);
    for (const [kind, f] of Object.entries(search.byKind)) rows.push(`| ${kind} | ${f.p50Ms} | ${f.p99Ms} |`);
    rows.push("", `Goal: p99 < 30 ms (now ${search.p99Ms}).`);
    rows.push(
      "",
      `mission.get of the mission holding all ${search.leads.toLocaleString("en")} leads, stats included: p50 ${search.missionGet.p50Ms} ms, p99 ${search.missionGet.p99Ms} ms. Goal: p99 < 5 ms.`,
    );
  }
  return rows;
}
