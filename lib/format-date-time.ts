/** Server-rendered timestamps: one unambiguous format, in UTC, so server and browser never disagree. */
export function formatDateTime(d: Date): string {
  return `${d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
