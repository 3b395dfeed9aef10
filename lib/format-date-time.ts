/** Server-rendered timestamps: one unambiguous format, in UTC, so server and browser never disagree. */
export function formatDateTime(d: Date): string {
  return `${d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}

/** A calendar day (due dates, period ends), in the same style and zone as formatDateTime. */
export function formatDate(d: Date): string {
  return d.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" });
}
