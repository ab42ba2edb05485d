// Checks shared by the browser tests: axe-core's serious and critical violations of a page, and
// screenshots written to test-results/screenshots/ (not committed) for a person to look at.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";

const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-results", "screenshots");

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** Runs axe-core (its source given) in the page; lists serious and critical violations as readable lines. */
export async function seriousViolations(page: Page, axeSource: string, context = "body"): Promise<string[]> {
  // Evaluated through the browser's protocol: the pages' CSP forbids inline scripts, rightly.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const result = (await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(context: string, options: object): Promise<AxeResult> } }).axe;
    return axe.run(selector, { resultTypes: ["violations"] });
  }, context)) as AxeResult;
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .slice(0, 3)
          .map((n) => JSON.stringify(n.target))
          .join(", ")})`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
