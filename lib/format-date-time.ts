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

// toLocaleString with options builds a new formatter on every call, which lists of dates pay per
// row: one formatter per style and zone, kept for the process (zones come from Intl's own list).
const formats = new Map<string, Intl.DateTimeFormat>();
function format(style: "moment" | "day", timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", style === "moment" ? { dateStyle: "medium", timeStyle: "short", timeZone } : { dateStyle: "medium", timeZone });
    formats.set(key, f);
  }
  return f;
}

/** A moment: "3 Dec 2026, 09:30 UTC" (or the viewer's zone, named). */
export function formatDateTime(d: Date, timeZone = "UTC"): string {
  return `${format("moment", timeZone).format(d)} ${zoneLabel(d, timeZone)}`;
}

/** A calendar day (due dates, period ends), in the same style and zone as formatDateTime. */
export function formatDate(d: Date, timeZone = "UTC"): string {
  return format("day", timeZone).format(d);
}
