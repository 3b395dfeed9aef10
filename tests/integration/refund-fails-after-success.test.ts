import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { insertPendingPayment } from "@/db/queries/member-payments";
import { refundedTotal } from "@/db/queries/refunded-total";
import { creditLedger, refunds } from "@/db/schema";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import type { LatestFetcher } from "@/lib/webhooks/context";
import { getPaymentView, listPaymentViews } from "@/lib/payments/read-payments";
import { balanceOf, chargeRefunded, createCreditPackage, deliver, nextCreated, paymentSucceeded, piId } from "../helpers/credits";
import { createTestTenant, useTestDb } from "../helpers/db";
import { makeEvent, newSecret, setWebhookSecret } from "../helpers/webhooks";

/*
 * Stripe can report a refund as succeeded and later as failed (the card's bank returned it:
 * refund.updated and refund.failed, in any order and more than once). The refund must end failed
 * with its reason, the payment's refunded amount must leave it out, and the credits it took come back.
 */

let db: Db;
let tenantId: string;
let userId: string;
let admin: TenantActor;
let package10: string;
const secret = newSecret();
const send = (event: object) => deliver(db, { tenantId, secret }, event);

beforeAll(async () => {
  db = (await useTestDb()).db;
  const t = await createTestTenant(db, "refail2");
  tenantId = t.tenant.id;
  userId = t.member.id;
  admin = { tenantId, tenantSlug: t.tenant.slug, userId: t.admin.id, role: "ROLE_CLIENT_ADMIN" } as TenantActor;
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
  package10 = await createCreditPackage(db, { tenantId, amount: 1000 });
});

const refundObject = (o: { id: string; pi: string; amount: number; status: string }) => ({
  id: o.id,
  object: "refund",
  amount: o.amount,
  charge: `ch_${o.pi.slice(3)}`,
  currency: "usd",
  payment_intent: o.pi,
  reason: "requested_by_customer",
  status: o.status,
  failure_reason: o.status === "failed" ? "expired_or_canceled_card" : null,
});

const refundEvent = (type: string, o: { id: string; pi: string; amount: number; status: string; created: number }) => makeEvent(type, refundObject(o), { created: o.created });

/** A credit purchase started in the portal (the row the portal writes before the browser confirms), then paid. */
async function bought(amount = 1000) {
  const pi = piId();
  const row = await insertPendingPayment(db, {
    id: randomUUID(),
    tenantId,
    mode: "test",
    userId,
    catalogPriceId: package10,
    stripePaymentIntentId: pi,
    stripeCustomerId: `cus_${pi.slice(3)}`,
    status: "requires_payment_method",
    amount,
    currency: "usd",
    description: "10 credits",
    metadata: {},
  });
  expect(await send(paymentSucceeded({ id: pi, amount, tenantId, userId, priceId: package10 }))).toBe(200);
  return { pi, paymentId: row.id };
}

const refundRow = async (id: string) => (await db.select().from(refunds).where(and(eq(refunds.tenantId, tenantId), eq(refunds.stripeRefundId, id))))[0];
const ledgerOf = async (pi: string) =>
  (await db.select().from(creditLedger).where(and(eq(creditLedger.tenantId, tenantId), eq(creditLedger.stripePaymentIntentId, pi)))).map((e) => `${e.reason}:${e.delta}`).sort();

describe("a refund that fails after it succeeded", () => {
  it("in order, with duplicates and a late stale 'succeeded': ends failed with its reason, nothing counted as refunded", async () => {
    const before = await balanceOf(db, { tenantId, userId });
    const { pi, paymentId } = await bought();
    const re = `re_${pi.slice(3)}a`;
    const createdAt = nextCreated();
    const succeeded = refundEvent("refund.created", { id: re, pi, amount: 400, status: "succeeded", created: createdAt });
    expect(await send(succeeded)).toBe(200);
    expect(await send(chargeRefunded({ paymentIntentId: pi, amount: 1000, refunds: [{ id: re, amount: 400 }] }))).toBe(200);
    expect((await getPaymentView(db, admin, paymentId)).status).toBe("partially_refunded");

    const failedAt = nextCreated();
    const failed = refundEvent("refund.failed", { id: re, pi, amount: 400, status: "failed", created: failedAt });
    const updated = refundEvent("refund.updated", { id: re, pi, amount: 400, status: "failed", created: failedAt });
    // Both events in the same second is a tie the engine settles by retrieving the refund: Stripe's copy says failed.
    const stripeCopy = ((_kind: string, id: string) => Promise.resolve(refundObject({ id, pi, amount: 400, status: "failed" }))) as LatestFetcher;
    const sendSettlingTies = (event: object) => deliver(db, { tenantId, secret, fetchLatest: stripeCopy }, event);
    expect(await Promise.all([sendSettlingTies(failed), sendSettlingTies(updated), sendSettlingTies(failed)])).toEqual([200, 200, 200]);
    // The success delivered again afterwards (Stripe retries): it must not revive the refund.
    expect(await send(succeeded)).toBe(200);

    expect(await refundRow(re)).toMatchObject({ status: "failed", failureReason: "expired_or_canceled_card" });
    const view = await getPaymentView(db, admin, paymentId);
    expect(view).toMatchObject({ status: "succeeded", amountRefunded: 0 });
    expect(await refundedTotal(db, { tenantId, paymentIntentId: pi })).toBe(0);
    expect(await balanceOf(db, { tenantId, userId })).toBe(before + 1000);
    expect(await ledgerOf(pi)).toEqual(["purchase:1000", "refund:-400", "refund_failed:400"]);
    // Not under "refunded" in the admin list any more.
    const refundedList = await listPaymentViews(db, admin, { status: "refunded", limit: 100 });
    expect(refundedList.data.map((p) => p.id)).not.toContain(paymentId);
  });

  it("the failure first, then the charge's (newer) refunded list and the refund's creation: failed stays failed, no credits move", async () => {
    const before = await balanceOf(db, { tenantId, userId });
    const { pi, paymentId } = await bought();
    const re = `re_${pi.slice(3)}b`;
    const failedAt = nextCreated();
    expect(await send(refundEvent("refund.failed", { id: re, pi, amount: 1000, status: "failed", created: failedAt }))).toBe(200);
    expect(await send(chargeRefunded({ paymentIntentId: pi, amount: 1000, refunds: [{ id: re, amount: 1000 }] }))).toBe(200);
    expect(await send(refundEvent("refund.created", { id: re, pi, amount: 1000, status: "succeeded", created: failedAt - 3 }))).toBe(200);

    expect(await refundRow(re)).toMatchObject({ status: "failed", failureReason: "expired_or_canceled_card" });
    const view = await getPaymentView(db, admin, paymentId);
    expect(view).toMatchObject({ status: "succeeded", amountRefunded: 0 });
    expect(await balanceOf(db, { tenantId, userId })).toBe(before + 1000);
    expect(await ledgerOf(pi)).toEqual(["purchase:1000"]);
  });

  it("two refunds, one of which fails: only the other counts", async () => {
    const { pi, paymentId } = await bought();
    const [ok, bad] = [`re_${pi.slice(3)}c`, `re_${pi.slice(3)}d`];
    expect(await send(chargeRefunded({ paymentIntentId: pi, amount: 1000, refunds: [{ id: ok, amount: 300 }, { id: bad, amount: 500 }] }))).toBe(200);
    expect((await getPaymentView(db, admin, paymentId)).amountRefunded).toBe(800);
    expect(await send(refundEvent("refund.updated", { id: bad, pi, amount: 500, status: "failed", created: nextCreated() }))).toBe(200);
    const view = await getPaymentView(db, admin, paymentId);
    expect(view).toMatchObject({ status: "partially_refunded", amountRefunded: 300 });
    expect(await refundedTotal(db, { tenantId, paymentIntentId: pi })).toBe(300);
  });
});
