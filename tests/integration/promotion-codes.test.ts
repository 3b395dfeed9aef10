// @requires-postgres: the payments harness (webhooks delivered concurrently with the test's reads).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listInvoiceRows } from "@/db/queries/billing-notices";
import { promotionCodes } from "@/db/schema";
import { couponSchema, promotionCodeSchema } from "@/lib/promotions/coupon-input";
import { addPromotionCode, createCoupon, setCodeActive } from "@/lib/promotions/manage-coupons";
import { previewPlanPromotion } from "@/lib/promotions/preview-promotion";
import { redeemCreditCode } from "@/lib/promotions/redeem-credit-code";
import { getBalance } from "@/db/queries/credit-ledger";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { createMemberCheckout } from "@/lib/subscriptions/checkout";
import { apiError } from "../helpers/api-error";
import { createTestTenant, useTestDb } from "../helpers/db";
import { eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { createPlan, intentOfSecret } from "../helpers/subscription-plans";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

type Tenant = Awaited<ReturnType<typeof harness.connectedTenant>>;

async function couponWithCode(t: Tenant, coupon: Record<string, string>, code: Record<string, string>) {
  const c = await createCoupon(db, { tenantId: t.tenant.id, userId: t.admin.id }, couponSchema.parse({ name: "Promo", ...coupon }));
  const added = await addPromotionCode(db, { tenantId: t.tenant.id, userId: t.admin.id }, c.id, promotionCodeSchema.parse(code));
  return { coupon: c, ...added };
}

async function setup() {
  const t = await harness.connectedTenant("promo");
  const plan = await createPlan(db, t.tenant.id, t.stripe, { amounts: [2000] });
  return { t, priceId: plan.prices[0]!.id };
}

describe("promotion codes", () => {
  it("syncs coupon and code to Stripe, shows the discount before paying, and Stripe charges the discounted amount", async () => {
    const { t, priceId } = await setup();
    const { sync, coupon } = await couponWithCode(t, { kind: "percent_off", value: "25", duration: "repeating", durationInMonths: "3", maxRedemptions: "10" }, { code: "Spring25", maxRedemptions: "5" });
    expect(sync).toBe("synced");
    const [row] = await db.select().from(promotionCodes).where(eq(promotionCodes.couponId, coupon.id));
    const stripePromo = await t.stripe.promotionCodes.retrieve(row!.stripeTestId!, { expand: ["promotion.coupon"] });
    expect(stripePromo).toMatchObject({ code: "Spring25", max_redemptions: 5, promotion: { type: "coupon", coupon: { percent_off: 25, duration: "repeating", duration_in_months: 3, max_redemptions: 10 } } });

    const preview = await previewPlanPromotion(db, t.actors.member, { priceId, code: "spring25" });
    expect(preview).toMatchObject({ code: "SPRING25", label: "25% off for 3 months", discount: 500, total: 1500, currency: "usd" });

    const started = await createMemberSubscription(db, t.actors.member, { priceId, promotionCode: "spring25" });
    const sub = await t.stripe.subscriptions.retrieve(started.id, { expand: ["latest_invoice"] });
    expect(sub.metadata.memberpulse_promotion_code).toBe(row!.stripeTestId);
    expect(sub.latest_invoice).toMatchObject({ subtotal: 2000, total: 1500, amount_due: 1500 });
    const pi = await t.stripe.paymentIntents.retrieve(intentOfSecret(started.clientSecret));
    expect(pi.amount).toBe(1500);
    await t.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    const paid = await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id, userId: t.member.id }), (r) => r[0]?.status === "paid");
    expect(paid[0]).toMatchObject({ status: "paid", amountPaid: 1500 });
    expect((await t.stripe.promotionCodes.retrieve(row!.stripeTestId!)).times_redeemed).toBe(1);
  });

  it("refuses expired, used-up, inactive, made-up and another tenant's codes with a clear message", async () => {
    const { t, priceId } = await setup();
    const other = await harness.connectedTenant("rival");
    await couponWithCode(other, { kind: "percent_off", value: "50" }, { code: "RIVAL50" });
    const refused = async (code: string) => (await apiError(previewPlanPromotion(db, t.actors.member, { priceId, code }))).message;

    expect(await refused("RIVAL50")).toBe("The code “RIVAL50” is not valid.");
    expect(await refused("NOPE")).toBe("The code “NOPE” is not valid.");
    // Subscribing with it is refused the same way, before anything is created in Stripe.
    expect((await apiError(createMemberSubscription(db, t.actors.member, { priceId, promotionCode: "RIVAL50" }))).status).toBe(422);
    expect((await t.stripe.subscriptions.list({ status: "all" })).data).toEqual([]);

    const single = await couponWithCode(t, { kind: "amount_off", value: "5.00", currency: "usd" }, { code: "ONCE", maxRedemptions: "1" });
    await createMemberSubscription(db, t.actors.member, { priceId, promotionCode: "ONCE" });
    expect(await refused("ONCE")).toBe("This promotion code has already been used the maximum number of times.");

    const codeRow = (await db.select().from(promotionCodes).where(eq(promotionCodes.couponId, single.coupon.id)))[0]!;
    await db.update(promotionCodes).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(promotionCodes.id, codeRow.id));
    expect(await refused("ONCE")).toMatch(/^This promotion code expired on /);

    const off = await couponWithCode(t, { kind: "percent_off", value: "10" }, { code: "PAUSED" });
    const offRow = (await db.select().from(promotionCodes).where(eq(promotionCodes.couponId, off.coupon.id)))[0]!;
    await setCodeActive(db, { tenantId: t.tenant.id, userId: t.admin.id }, offRow.id, false);
    expect(await refused("PAUSED")).toBe("This promotion code is no longer active.");
    expect((await t.stripe.promotionCodes.retrieve(offRow.stripeTestId!)).active).toBe(false);

    await couponWithCode(t, { kind: "amount_off", value: "5.00", currency: "eur" }, { code: "EURO5" });
    expect(await refused("EURO5")).toBe("This code only applies to prices in EUR.");
    await couponWithCode(t, { kind: "credits", value: "500" }, { code: "CREDITS5" });
    expect(await refused("CREDITS5")).toMatch(/redeem it on your Credits page/);
  });

  it("a code is unique per tenant in any case; another tenant's coupon cannot get codes", async () => {
    const { t } = await setup();
    await couponWithCode(t, { kind: "percent_off", value: "10" }, { code: "DUP" });
    const c2 = await createCoupon(db, { tenantId: t.tenant.id, userId: t.admin.id }, couponSchema.parse({ name: "Other", kind: "percent_off", value: "20" }));
    const dup = await apiError(addPromotionCode(db, { tenantId: t.tenant.id, userId: t.admin.id }, c2.id, promotionCodeSchema.parse({ code: "dup" })));
    expect([dup.status, dup.message]).toEqual([409, "The code DUP already exists."]);
    const stranger = await createTestTenant(db, "stranger");
    const foreign = await apiError(addPromotionCode(db, { tenantId: stranger.tenant.id, userId: stranger.admin.id }, c2.id, promotionCodeSchema.parse({ code: "MINE" })));
    expect(foreign.status).toBe(404);
  });

  it("a credit coupon's code adds credits once per member (double click included), within its limit, and never reaches Stripe", async () => {
    const { t } = await setup();
    const { sync } = await couponWithCode(t, { kind: "credits", value: "500" }, { code: "WELCOME500", maxRedemptions: "1" });
    expect(sync).toBe("portal_only");
    const results = await Promise.allSettled([0, 1, 2].map(() => redeemCreditCode(db, t.actors.member, "welcome500")));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await getBalance(db, { tenantId: t.tenant.id, userId: t.member.id })).toBe(500);
    const again = await apiError(redeemCreditCode(db, t.actors.member, "WELCOME500"));
    expect(again.message).toMatch(/maximum number of times|already redeemed/);
    // The admin (another member of the tenant) finds the one redemption taken.
    expect((await apiError(redeemCreditCode(db, t.actors.admin, "WELCOME500"))).message).toBe("This code has already been used the maximum number of times.");
    const other = await harness.connectedTenant("else");
    expect((await apiError(redeemCreditCode(db, other.actors.member, "WELCOME500"))).message).toBe("The code “WELCOME500” is not valid.");
    expect((await t.stripe.promotionCodes.list()).data).toEqual([]);
  });

  it("embedded Checkout allows promotion codes: a tenant code typed on Stripe's page discounts the subscription", async () => {
    const { t, priceId } = await setup();
    await couponWithCode(t, { kind: "amount_off", value: "5.00", currency: "usd" }, { code: "FIVEOFF" });
    const session = await createMemberCheckout(db, t.actors.member, { priceId });
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).allow_promotion_codes).toBe(true);
    const res = await fetch(`${harness.emulator.url}/v1/checkout/sessions/${session.id}/_complete`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.account.secretKey}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ payment_method: "pm_card_visa", promotion_code: "fiveoff" }),
    });
    expect(res.status).toBe(200);
    const done = (await res.json()) as { amount_total: number; subscription: string };
    expect(done.amount_total).toBe(1500);
    const sub = await t.stripe.subscriptions.retrieve(done.subscription, { expand: ["latest_invoice"] });
    expect(sub.latest_invoice).toMatchObject({ amount_paid: 1500, subtotal: 2000 });
  });
});

