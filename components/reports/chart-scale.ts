/** "2026-07" → "Jul" (axis labels; the table beside each chart names the year). */
export function monthLabel(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return new Date(Date.UTC(year ?? 1970, (m ?? 1) - 1, 1)).toLocaleString("en-US", { month: "short", timeZone: "UTC" });
}

/**
 * SVG text scales with the chart, so on a phone 11 units would be ~5 px: axis text is drawn larger
 * there, and every other month label is left out so the larger ones do not collide.
 */
export const AXIS_TEXT = "fill-slate-500 text-[11px] max-sm:text-[22px]";
export const monthTextClass = (i: number, count: number) => `${AXIS_TEXT}${count > 6 && i % 2 === 1 ? " max-sm:hidden" : ""}`;

/** "2026-07" → "July 2026" (table headers and screen readers). */
export function monthName(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return new Date(Date.UTC(year ?? 1970, (m ?? 1) - 1, 1)).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}

/** A round number at or above `value` (1, 2, 2.5 or 5 × a power of ten), so axis labels read well. */
export function niceCeil(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * Room left of the plot for the value axis: the widest tick label at the largest axis font (22 px on
 * phones and in the overview's compact chart, about 0.6 em a character) plus a gap — at least 84 of
 * the 640 viewBox units, so a chart of big figures ("$200,000") keeps its labels whole.
 */
export function axisLeft(labels: string[]): number {
  return Math.max(84, Math.ceil(Math.max(0, ...labels.map((l) => l.length)) * 13.5) + 12);
}
