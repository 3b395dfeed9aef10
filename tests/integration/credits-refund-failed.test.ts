import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { creditLedger } from "@/db/schema";
import { balanceOf, chargeRefunded, createCreditPackage, deliver, nextCreated, paymentSucceeded, piId } from "../helpers/credits";
import { createTestTenant, useTestDb } from "../helpers/db";
import { makeEvent, newSecret, setWebhookSecret } from "../helpers/webhooks";

let db: Db;
let tenantId: string;
let userId: string;
let package10: string;
const secret = newSecret();
const send = (event: object) => deliver(db, { tenantId, secret }, event);

beforeAll(async () => {
  db = (await useTestDb()).db;
  const t = await createTestTenant(db, "refail");
  tenantId = t.tenant.id;
  userId = t.member.id;
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
  package10 = await createCreditPackage(db, { tenantId, amount: 1000 });
});

const refundObject = (o: { id: string; paymentIntentId: string; amount: number; status: string }) => ({
  id: o.id,
  object: "refund",
  amount: o.amount,
  charge: `ch_${o.paymentIntentId.slice(3)}`,
  currency: "usd",
  payment_intent: o.paymentIntentId,
  reason: "requested_by_customer",
  status: o.status,
  ...(o.status === "failed" ? { failure_reason: "expired_or_canceled_card" } : {}),
});

async function bought() {
  const id = piId();
  expect(await send(paymentSucceeded({ id, amount: 1000, tenantId, userId, priceId: package10 }))).toBe(200);
  return id;
}

const reasonsFor = async (paymentIntentId: string) =>
  (await db.select().from(creditLedger).where(and(eq(creditLedger.tenantId, tenantId), eq(creditLedger.stripePaymentIntentId, paymentIntentId)))).map((e) => `${e.reason}:${e.delta}`).sort();

describe("a refund that later fails gives back the credits it took", () => {
  it("succeeded (−400), then refund.failed: +400 restored once, however often the failure arrives", async () => {
    const before = await balanceOf(db, { tenantId, userId });
    const pi = await bought();
    const reId = `re_${pi.slice(3)}a`;
    await send(chargeRefunded({ paymentIntentId: pi, amount: 1000, refunds: [{ id: reId, amount: 400 }] }));
    expect(await balanceOf(db, { tenantId, userId })).toBe(before + 600);
    const failed = makeEvent("refund.failed", refundObject({ id: reId, paymentIntentId: pi, amount: 400, status: "failed" }), { created: nextCreated() });
    const updated = makeEvent("refund.updated", refundObject({ id: reId, paymentIntentId: pi, amount: 400, status: "failed" }), { created: nextCreated() });
    expect(await Promise.all([send(failed), send(updated), send(failed)])).toEqual([200, 200, 200]);
    expect(await balanceOf(db, { tenantId, userId })).toBe(before + 1000);
    expect(await reasonsFor(pi)).toEqual(["purchase:1000", "refund:-400", "refund_failed:400"]);
    const [restored] = await db.select().from(creditLedger).where(and(eq(creditLedger.tenantId, tenantId), eq(creditLedger.idempotencyKey, `refund_failed:${reId}`)));
    expect(restored?.description).toMatch(/failed: credits restored$/);
  });

  it("the failure delivered before the success (out of order): nothing is taken, nothing restored", async () => {
    const before = await balanceOf(db, { tenantId, userId });
    const pi = await bought();
    const reId = `re_${pi.slice(3)}b`;
    const failedAt = nextCreated();
    expect(await send(makeEvent("refund.failed", refundObject({ id: reId, paymentIntentId: pi, amount: 1000, status: "failed" }), { created: failedAt }))).toBe(200);
    // The older "succeeded" news arrives afterwards (a refund.created and the charge's refunded list).
    expect(await send(makeEvent("refund.created", refundObject({ id: reId, paymentIntentId: pi, amount: 1000, status: "succeeded" }), { created: failedAt - 5 }))).toBe(200);
    expect(await balanceOf(db, { tenantId, userId })).toBe(before + 1000);
    expect(await reasonsFor(pi)).toEqual(["purchase:1000"]);
  });

  it("a failed refund that never took credits (a membership payment) changes nothing", async () => {
    const before = await balanceOf(db, { tenantId, userId });
    const pi = piId();
    expect(await send(paymentSucceeded({ id: pi, amount: 2900, tenantId, userId, priceId: null }))).toBe(200);
    expect(await send(makeEvent("refund.failed", refundObject({ id: `re_${pi.slice(3)}c`, paymentIntentId: pi, amount: 2900, status: "failed" }), { created: nextCreated() }))).toBe(200);
    expect(await balanceOf(db, { tenantId, userId })).toBe(before);
  });
});
