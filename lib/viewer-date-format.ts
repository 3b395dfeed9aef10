import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { formatDate, formatDateTime } from "./format-date-time";
import { TIME_ZONE_COOKIE, timeZoneOr } from "./viewer-time-zone";

/** The viewer's time zone (mp_tz cookie, else UTC), read once per request. */
export const viewerTimeZone = cache(async (): Promise<string> => timeZoneOr((await cookies()).get(TIME_ZONE_COOKIE)?.value));

/**
 * formatDateTime / formatDate in the viewer's time zone, for server components:
 * `const { formatDateTime } = await viewerDateFormat();`.
 */
export async function viewerDateFormat() {
  const timeZone = await viewerTimeZone();
  return { timeZone, formatDateTime: (d: Date) => formatDateTime(d, timeZone), formatDate: (d: Date) => formatDate(d, timeZone) };
}
