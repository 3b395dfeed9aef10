import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { and, eq } from "drizzle-orm";
import { setTopUpSettings } from "@/lib/billing-settings/billing-settings";
import { createTopUpPayment } from "@/lib/credits/top-up";
import { refundPayment } from "@/lib/payments/refund-payment";
import { conformanceLog } from "@/tools/stripe-emulator/conformance";
import { apiError } from "../helpers/api-error";
import { balanceOf } from "../helpers/credits";
import { useTestDb } from "../helpers/db";
import { eventually, startPaymentsHarness } from "../helpers/payments-harness";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

async function tenantWithTopUps(label: string, bounds = { min: "5.00", max: "200.00" }) {
  const t = await harness.connectedTenant(label);
  await setTopUpSettings(db, { tenantId: t.tenant.id, userId: t.admin.id }, { topUpEnabled: true, topUpCurrency: "usd", topUpMin: bounds.min, topUpMax: bounds.max });
  return t;
}

describe("custom credit top-up", () => {
  it("a member tops up $37.50: Stripe gets exactly that PaymentIntent; paying it grants 3,750 credits once", async () => {
    const t = await tenantWithTopUps("topup");
    conformanceLog.clear();
    const p = await createTopUpPayment(db, t.actors.member, { amount: "37.50" });
    expect(p).toMatchObject({ amount: 3750, currency: "usd", credits: 3750 });
    expect(conformanceLog.appRequests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/customers", "POST /v1/payment_intents"]);
    const pi = await t.stripe.paymentIntents.retrieve(p.clientSecret.split("_secret_")[0]!);
    expect(pi).toMatchObject({ amount: 3750, currency: "usd", metadata: { memberpulse_top_up: "1", memberpulse_user_id: t.member.id, memberpulse_tenant_id: t.tenant.id } });
    await t.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    const member = { tenantId: t.tenant.id, userId: t.member.id };
    expect(await eventually(() => balanceOf(db, member), (b) => b === 3750)).toBe(3750);

    // A $10 refund takes back 1,000 credits (the refunded share).
    await refundPayment(db, t.actors.admin, { paymentId: p.paymentId, amount: 1000, reason: "requested_by_customer" });
    expect(await eventually(() => balanceOf(db, member), (b) => b === 2750)).toBe(2750);
  });

  it("two quick clicks on the same amount start one PaymentIntent with one client secret; another amount starts its own", async () => {
    const t = await tenantWithTopUps("double");
    const [a, b] = await Promise.all([createTopUpPayment(db, t.actors.member, { amount: "25.00" }), createTopUpPayment(db, t.actors.member, { amount: "25.00" })]);
    expect(b.clientSecret).toBe(a.clientSecret);
    expect(b.paymentId).toBe(a.paymentId);
    const piId = a.clientSecret.split("_secret_")[0]!;
    const customer = (await t.stripe.paymentIntents.retrieve(piId)).customer as string;
    const listed = async () => (await t.stripe.paymentIntents.list({ customer, limit: 100 })).data;
    expect((await listed()).map((pi) => pi.id)).toEqual([piId]);

    // A different amount is a different top-up.
    const other = await createTopUpPayment(db, t.actors.member, { amount: "30.00" });
    expect(other.clientSecret).not.toBe(a.clientSecret);
    expect((await listed()).map((pi) => pi.amount).sort()).toEqual([2500, 3000]);

    // Once the first one is paid, the same amount again is a new purchase, not the paid intent.
    await t.stripe.paymentIntents.confirm(piId, { payment_method: "pm_card_visa" });
    const again = await createTopUpPayment(db, t.actors.member, { amount: "25.00" });
    expect(again.clientSecret.split("_secret_")[0]).not.toBe(piId);
    expect(await listed()).toHaveLength(3);
  });

  it("out of bounds, not an amount, the wrong currency, or top-ups off: refused before Stripe is called", async () => {
    const t = await tenantWithTopUps("bounds");
    conformanceLog.clear();
    for (const amount of ["4.99", "200.01", "0", "-5", "1e3", "12.345"]) {
      expect(await apiError(createTopUpPayment(db, t.actors.member, { amount })), amount).toMatchObject({ status: 422 });
    }
    expect((await apiError(createTopUpPayment(db, t.actors.member, { amountMinor: 1000, currency: "eur" }))).status).toBe(422);
    expect((await apiError(createTopUpPayment(db, t.actors.member, { amountMinor: 20001 }))).message).toBe("Top up between $5.00 and $200.00.");
    // Exactly the bounds are fine (checked without paying).
    expect((await createTopUpPayment(db, t.actors.member, { amountMinor: 500 })).amount).toBe(500);
    // Another tenant with top-ups off.
    const off = await harness.connectedTenant("off");
    conformanceLog.clear();
    expect((await apiError(createTopUpPayment(db, off.actors.member, { amount: "10.00" }))).status).toBe(409);
    expect(conformanceLog.appRequests).toEqual([]);
  });

  it("admin bounds are validated: min ≥ 0.50, max within one ledger entry, min ≤ max; changes are audited", async () => {
    const t = await harness.connectedTenant("admin");
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    const base = { topUpEnabled: true, topUpCurrency: "usd" as const };
    expect((await apiError(setTopUpSettings(db, actor, { ...base, topUpMin: "0.10", topUpMax: "10" }))).field).toBe("topUpMin");
    expect((await apiError(setTopUpSettings(db, actor, { ...base, topUpMin: "20", topUpMax: "10" }))).field).toBe("topUpMax");
    expect((await apiError(setTopUpSettings(db, actor, { ...base, topUpMin: "1", topUpMax: "100001" }))).field).toBe("topUpMax");
    await setTopUpSettings(db, actor, { ...base, topUpMin: "1", topUpMax: "100000" });
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.tenantId, t.tenant.id), eq(auditLog.action, "billing_settings.updated")));
    expect(audits).toHaveLength(1);
  });
});
