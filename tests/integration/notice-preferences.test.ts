import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { noticeOptOuts } from "@/db/schema";
import { POST as oneClick } from "@/app/api/mail/unsubscribe/route";
import { readResubscribeToken, readUnsubscribeToken, resubscribeToken, unsubscribeToken, unsubscribeUrl } from "@/lib/mail/notice-preferences";
import { loadNoticeSettings, resubscribeWithToken, saveNoticeSettings, unsubscribeWithToken } from "@/lib/mail/notice-settings";
import { createTestTenant } from "../helpers/db";
import { useTestDb } from "../helpers/db";
import { setStripeEnv } from "../helpers/stripe-env";

let db: Db;
beforeAll(async () => {
  setStripeEnv();
  db = (await useTestDb()).db;
});

const optOutsOf = (tenantId: string, userId: string) => db.select().from(noticeOptOuts).where(and(eq(noticeOptOuts.tenantId, tenantId), eq(noticeOptOuts.userId, userId)));

/** The token with its payload re-encoded (another member, another notice) and the original signature. */
function forged(token: string, change: (claim: unknown[]) => unknown[]): string {
  const [payload, sig] = token.split(".");
  const claim = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as unknown[];
  return `${Buffer.from(JSON.stringify(change(claim))).toString("base64url")}.${sig}`;
}

describe("notice preferences and unsubscribe links", () => {
  it("the profile page's checkboxes turn optional notices off and on again, per tenant", async () => {
    const t = await createTestTenant(db, "notices");
    const other = await createTestTenant(db, "notices-other");
    expect((await loadNoticeSettings(db, { tenantId: t.tenant.id, userId: t.member.id })).map((s) => [s.notice, s.enabled])).toEqual([
      ["renewal_upcoming", true],
      ["payment_receipt", true],
    ]);
    await saveNoticeSettings(db, { tenantId: t.tenant.id, userId: t.member.id }, new Set(["payment_receipt"]));
    await saveNoticeSettings(db, { tenantId: t.tenant.id, userId: t.member.id }, new Set(["payment_receipt"]));
    expect((await optOutsOf(t.tenant.id, t.member.id)).map((r) => [r.notice, r.source])).toEqual([["renewal_upcoming", "settings"]]);
    // Another tenant's preferences are their own.
    expect((await loadNoticeSettings(db, { tenantId: other.tenant.id, userId: t.member.id })).every((s) => s.enabled)).toBe(true);
    await saveNoticeSettings(db, { tenantId: t.tenant.id, userId: t.member.id }, new Set(["payment_receipt", "renewal_upcoming"]));
    expect(await optOutsOf(t.tenant.id, t.member.id)).toHaveLength(0);
  });

  it("a signed link turns exactly one notice off for one member, signed out, once; forged or foreign links change nothing", async () => {
    const t = await createTestTenant(db, "unsub");
    const claim = { tenantId: t.tenant.id, userId: t.member.id, notice: "renewal_upcoming" as const };
    const token = unsubscribeToken(claim);
    expect(unsubscribeUrl(claim)).toBe(`http://portal.test/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(readUnsubscribeToken(token)).toEqual(claim);

    // Forged: the admin's id, or another notice, under the member's signature; a cut-off token; a made-up notice.
    for (const bad of [
      forged(token, ([tenant, , notice]) => [tenant, t.admin.id, notice]),
      forged(token, ([tenant, user]) => [tenant, user, "payment_receipt"]),
      token.slice(0, -3),
      "garbage",
      `${Buffer.from(JSON.stringify([t.tenant.id, t.member.id, "payment_failed"])).toString("base64url")}.${token.split(".")[1]}`,
    ]) {
      expect(await unsubscribeWithToken(db, bad)).toEqual({ ok: false });
    }
    expect(await optOutsOf(t.tenant.id, t.member.id)).toHaveLength(0);
    expect(await optOutsOf(t.tenant.id, t.admin.id)).toHaveLength(0);

    expect(await unsubscribeWithToken(db, token)).toEqual({ ok: true, tenantName: t.tenant.name, label: "Renewal reminders", undoToken: resubscribeToken(claim) });
    expect(await unsubscribeWithToken(db, token)).toMatchObject({ ok: true });
    expect((await optOutsOf(t.tenant.id, t.member.id)).map((r) => [r.notice, r.source])).toEqual([["renewal_upcoming", "unsubscribe_link"]]);
  });

  it("'Undo' after unsubscribing turns that notice back on with its own signed token; an unsubscribe token or a forged one cannot", async () => {
    const t = await createTestTenant(db, "undo");
    const claim = { tenantId: t.tenant.id, userId: t.member.id, notice: "payment_receipt" as const };
    await saveNoticeSettings(db, { tenantId: t.tenant.id, userId: t.member.id }, new Set([]));
    const result = await unsubscribeWithToken(db, unsubscribeToken(claim));
    if (!result.ok) throw new Error("unsubscribe refused");
    expect(readResubscribeToken(result.undoToken)).toEqual(claim);
    // The unsubscribe token is no undo token (another key), nor is a forged one.
    for (const bad of [unsubscribeToken(claim), forged(result.undoToken, ([a, , c]) => [a, t.admin.id, c]), forged(result.undoToken, ([a, b]) => [a, b, "renewal_upcoming"])]) {
      expect(await resubscribeWithToken(db, bad)).toEqual({ ok: false });
    }
    expect((await optOutsOf(t.tenant.id, t.member.id)).map((r) => r.notice).sort()).toEqual(["payment_receipt", "renewal_upcoming"]);

    expect(await resubscribeWithToken(db, result.undoToken)).toEqual({ ok: true, tenantName: t.tenant.name, label: "Payment receipts" });
    expect(await resubscribeWithToken(db, result.undoToken)).toMatchObject({ ok: true });
    // Only that notice: the one turned off in the settings stays off.
    expect((await optOutsOf(t.tenant.id, t.member.id)).map((r) => r.notice)).toEqual(["renewal_upcoming"]);
  });

  it("answers the mail client's RFC 8058 one-click POST, and refuses anything else", async () => {
    const t = await createTestTenant(db, "one-click");
    const token = unsubscribeToken({ tenantId: t.tenant.id, userId: t.member.id, notice: "payment_receipt" });
    const post = (query: string, body: string) => oneClick(new Request(`http://portal.test/api/mail/unsubscribe?${query}`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }));
    expect((await post(`token=${encodeURIComponent(token)}`, "")).status).toBe(400);
    expect((await post("", "List-Unsubscribe=One-Click")).status).toBe(400);
    expect((await post(`token=${encodeURIComponent(forged(token, ([a, , c]) => [a, t.admin.id, c]))}`, "List-Unsubscribe=One-Click")).status).toBe(404);
    const ok = await post(`token=${encodeURIComponent(token)}`, "List-Unsubscribe=One-Click");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ unsubscribed: true });
    expect((await optOutsOf(t.tenant.id, t.member.id)).map((r) => r.notice)).toEqual(["payment_receipt"]);
  });
});
