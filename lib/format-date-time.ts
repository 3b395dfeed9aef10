/*
 * Dates as pages and mails show them: one unambiguous style (en-GB, "3 Dec 2026, 09:30"), in a
 * named time zone. Pages pass the viewer's zone (lib/viewer-date-format.ts); without one it is UTC,
 * which is what mails, exports and client components rendered on the server use.
 */

const zoneNames = new Map<string, Intl.DateTimeFormat>();

/** "UTC", "CET", "GMT-3": the zone's short name at that instant (summer time included). */
function zoneLabel(d: Date, timeZone: string): string {
  if (timeZone === "UTC") return "UTC";
  let f = zoneNames.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" });
    zoneNames.set(timeZone, f);
  }
  return f.formatToParts(d).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** A moment: "3 Dec 2026, 09:30 UTC" (or the viewer's zone, named). */
export function formatDateTime(d: Date, timeZone = "UTC"): string {
  return `${d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone })} ${zoneLabel(d, timeZone)}`;
}

/** A calendar day (due dates, period ends), in the same style and zone as formatDateTime. */
export function formatDate(d: Date, timeZone = "UTC"): string {
  return d.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone });
}
