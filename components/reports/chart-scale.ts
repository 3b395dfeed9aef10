/** "2026-07" → "Jul" ("Jan 2026" for January, so the year is readable where it changes). */
export function monthLabel(month: string): string {
  const [year, m] = month.split("-").map(Number);
  const name = new Date(Date.UTC(year ?? 1970, (m ?? 1) - 1, 1)).toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  return m === 1 ? `${name} ${year}` : name;
}

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
