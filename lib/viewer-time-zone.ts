/*
 * The viewer's time zone, for dates shown on pages. The browser names it (Intl) and a tiny client
 * component (components/time-zone-cookie.tsx) stores it in the `mp_tz` cookie; the server reads it
 * back through here. Anything that is not a time zone Intl knows falls back to UTC, so a tampered
 * cookie can never break a page. Mails and exports stay in UTC: their reader is not this browser.
 */

export const TIME_ZONE_COOKIE = "mp_tz";
export const DEFAULT_TIME_ZONE = "UTC";

/** IANA names ("Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5") that Intl accepts. */
export function isTimeZone(value: string): boolean {
  if (value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The cookie's zone if it is one, else UTC. */
export function timeZoneOr(value: string | undefined | null): string {
  return value && isTimeZone(value) ? value : DEFAULT_TIME_ZONE;
}
