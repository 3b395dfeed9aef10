"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const COOKIE = "mp_tz"; // lib/viewer-time-zone.ts TIME_ZONE_COOKIE (kept out of the client bundle's imports)

/**
 * Tells the server the browser's time zone, so dates render in it (the server checks the name and
 * falls back to UTC). When the page was rendered in another zone (first visit, or after travelling)
 * it is refreshed once; a browser already in the rendered zone is never refreshed under its user.
 */
export function TimeZoneCookie({ rendered }: { rendered: string }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    const current = document.cookie.split("; ").find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
    if (current && decodeURIComponent(current) === zone) return;
    document.cookie = `${COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax${location.protocol === "https:" ? "; secure" : ""}`;
    if (zone !== rendered) router.refresh();
  }, [router, rendered]);
  return null;
}
