import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// Known findings, by page and rule, each with the fix it waits for (none at the moment: keep it so).
const KNOWN: Record<string, string[]> = {};

/** Serious and critical axe findings on the page, one readable line each (empty when clean). */
export async function seriousViolations(page: Page, path = ""): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .filter((v) => !KNOWN[path]?.includes(v.id))
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

/** Adds the current page's findings at 1280 and 390 px to `findings` (so one run can list a whole flow's). */
export async function collectAtBothWidths(page: Page, label: string, findings: string[]) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const line of await seriousViolations(page, label)) findings.push(`${label} @${width}: ${line}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The current page audited at 1280 and 390 px; fails listing every finding at once. */
export async function expectNoSeriousViolationsAtBothWidths(page: Page, label: string) {
  const findings: string[] = [];
  await collectAtBothWidths(page, label, findings);
  expect(findings, findings.join("\n")).toEqual([]);
}
