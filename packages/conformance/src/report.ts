// The report in three forms: a table for people, JSON and JUnit XML for CI.
import type { CheckResult } from "./outcome.js";

export interface Report {
  kit_version: string;
  contract_version: string;
  base_url: string;
  read_only: boolean;
  /** Commands that wrote in the key's workspace during the run. */
  wrote_with: string[];
  results: CheckResult[];
  passed: number;
  failed: number;
  skipped: number;
}

const MARK = { passed: "PASS", failed: "FAIL", skipped: "SKIP" } as const;

export function renderTable(report: Report): string {
  const width = Math.min(70, Math.max(...report.results.map((r) => r.name.length)));
  const lines = report.results.map((r) => {
    const name = r.name.length > width ? `${r.name.slice(0, width - 1)}…` : r.name.padEnd(width);
    return `${MARK[r.outcome]}  ${r.group.padEnd(13)} ${name}  ${r.message}`.trimEnd();
  });
  return `${lines.join("\n")}\n`;
}

export function trailNote(report: Report): string {
  if (report.read_only) return "Read-only run: nothing was written.";
  if (report.wrote_with.length === 0) return "Nothing was written.";
  return `This run wrote data in the workspace of --api-key with ${report.wrote_with.join(", ")}: the records stay there. Run the kit with a key of a workspace kept for it.`;
}

export function summaryLine(report: Report): string {
  return `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped (contract ${report.contract_version}, ${report.base_url})`;
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

export function renderJunit(report: Report): string {
  const groups = [...new Set(report.results.map((r) => r.group))];
  const suites = groups.map((group) => {
    const results = report.results.filter((r) => r.group === group);
    const cases = results.map((r) => {
      const open = `    <testcase classname="salestouch-conformance.${escapeXml(group)}" name="${escapeXml(r.name)}" time="${(r.ms / 1000).toFixed(3)}"`;
      if (r.outcome === "passed") return `${open}/>`;
      const inner =
        r.outcome === "failed"
          ? `<failure message="${escapeXml(r.message)}">${escapeXml(r.message)}</failure>`
          : `<skipped message="${escapeXml(r.message)}"/>`;
      return `${open}>\n      ${inner}\n    </testcase>`;
    });
    const failures = results.filter((r) => r.outcome === "failed").length;
    const skipped = results.filter((r) => r.outcome === "skipped").length;
    const time = results.reduce((sum, r) => sum + r.ms, 0) / 1000;
    return `  <testsuite name="${escapeXml(group)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const time = report.results.reduce((sum, r) => sum + r.ms, 0) / 1000;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="salestouch-conformance ${escapeXml(report.base_url)}" tests="${report.results.length}" failures="${report.failed}" errors="0" skipped="${report.skipped}" time="${time.toFixed(3)}">\n${suites.join("\n")}\n</testsuites>\n`;
}
