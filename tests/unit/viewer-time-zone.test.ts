import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "@/lib/format-date-time";
import { isTimeZone, timeZoneOr } from "@/lib/viewer-time-zone";

const instant = new Date("2026-07-01T22:30:00Z");

describe("the viewer's time zone (mp_tz cookie)", () => {
  it("accepts zones Intl knows and falls back to UTC for anything else", () => {
    for (const zone of ["Europe/Paris", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "Etc/GMT+5", "UTC"]) expect(isTimeZone(zone), zone).toBe(true);
    for (const bad of ["Mars/Olympus_Mons", "", "Europe/Paris; drop", "../../etc/passwd", "<script>", "x".repeat(100)]) expect(timeZoneOr(bad), bad).toBe("UTC");
    expect(timeZoneOr(undefined)).toBe("UTC");
    expect(timeZoneOr("Asia/Tokyo")).toBe("Asia/Tokyo");
  });

  it("dates and times read in that zone, which is named; the day can change", () => {
    expect(formatDateTime(instant)).toBe("1 Jul 2026, 22:30 UTC");
    expect(formatDateTime(instant, "Europe/Paris")).toBe("2 Jul 2026, 00:30 CEST");
    expect(formatDateTime(instant, "America/Sao_Paulo")).toBe("1 Jul 2026, 19:30 GMT-3");
    expect(formatDate(instant)).toBe("1 Jul 2026");
    expect(formatDate(instant, "Asia/Tokyo")).toBe("2 Jul 2026");
  });
});
