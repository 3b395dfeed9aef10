// @requires-postgres: the payments harness (webhooks delivered concurrently with the test's reads).
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { insertCoupon, insertPromotionCode, setCouponStripeId, setPromotionCodeStripeId } from "@/db/queries/promotions";
import { promotionCodes, stripePromotionStates } from "@/db/schema";
import { couponSchema, promotionCodeSchema } from "@/lib/promotions/coupon-input";
import { loadCouponsView } from "@/lib/promotions/coupons-view";
import { addPromotionCode, createCoupon } from "@/lib/promotions/manage-coupons";
import { previewPlanPromotion } from "@/lib/promotions/preview-promotion";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/handled-events";
import { processEvent } from "@/lib/webhooks/process-event";
import { apiError } from "../helpers/api-error";
import { createTestTenant, useTestDb } from "../helpers/db";
import { eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { createPlan } from "../helpers/subscription-plans";
import { fixedFetcher, makeEvent } from "../helpers/webhooks";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

const stateOf = (tenantId: string, stripeId: string) => () =>
  db
    .select()
    .from(stripePromotionStates)
    .where(and(eq(stripePromotionStates.tenantId, tenantId), eq(stripePromotionStates.stripeId, stripeId)))
    .then((r) => r[0] ?? null);

describe("coupons and promotion codes changed in the tenant's Stripe", () => {
  it("the portal's webhook endpoint subscribes to coupon and promotion code changes", () => {
    expect(HANDLED_EVENT_TYPES).toEqual(expect.arrayContaining(["coupon.updated", "coupon.deleted", "promotion_code.updated"]));
  });

  it("a code switched off in the Dashboard stops working in the portal and the coupons page says so; a deleted coupon ends its codes", async () => {
    const t = await harness.connectedTenant("promo-wh");
    const plan = await createPlan(db, t.tenant.id, t.stripe, { amounts: [2000] });
    const priceId = plan.prices[0]!.id;
    const admin = { tenantId: t.tenant.id, userId: t.admin.id };
    const coupon = await createCoupon(db, admin, couponSchema.parse({ name: "Summer", kind: "percent_off", value: "20", duration: "once" }));
    await addPromotionCode(db, admin, coupon.id, promotionCodeSchema.parse({ code: "SUMMER20" }));
    const [code] = await db.select().from(promotionCodes).where(eq(promotionCodes.couponId, coupon.id));
    expect((await previewPlanPromotion(db, t.actors.member, { priceId, code: "summer20" })).discount).toBe(400);

    // The admin switches the code off in the Stripe Dashboard (not in the portal).
    await t.stripe.promotionCodes.update(code!.stripeTestId!, { active: false });
    await eventually(() => db.select().from(promotionCodes).where(eq(promotionCodes.id, code!.id)).then((r) => r[0]!), (r) => !r.active);
    expect(await stateOf(t.tenant.id, code!.stripeTestId!)()).toMatchObject({ objectKind: "promotion_code", state: "inactive", timesRedeemed: 0 });
    expect((await apiError(previewPlanPromotion(db, t.actors.member, { priceId, code: "SUMMER20" }))).message).toBe("This promotion code is no longer active.");
    let view = await loadCouponsView(db, { tenantId: t.tenant.id });
    expect(view.coupons[0]!.codes[0]).toMatchObject({ code: "SUMMER20", active: false, redemptions: 0, state: { label: "Deactivated in Stripe" } });

    // Switched back on there: the portal accepts it again.
    await t.stripe.promotionCodes.update(code!.stripeTestId!, { active: true });
    await eventually(() => db.select().from(promotionCodes).where(eq(promotionCodes.id, code!.id)).then((r) => r[0]!), (r) => r.active);
    expect((await previewPlanPromotion(db, t.actors.member, { priceId, code: "SUMMER20" })).discount).toBe(400);

    // The coupon is renamed, then deleted in Stripe: its codes end in the portal.
    const stripeCouponId = (await db.query.coupons.findFirst({ where: (c, { eq: is }) => is(c.id, coupon.id) }))!.stripeTestId!;
    await t.stripe.coupons.update(stripeCouponId, { name: "Summer (renamed)" });
    expect(await eventually(stateOf(t.tenant.id, stripeCouponId), (r) => r?.state === "valid")).toMatchObject({ objectKind: "coupon", stripeCouponId });
    await t.stripe.coupons.del(stripeCouponId);
    await eventually(stateOf(t.tenant.id, stripeCouponId), (r) => r?.state === "deleted");
    expect((await apiError(previewPlanPromotion(db, t.actors.member, { priceId, code: "SUMMER20" }))).message).toBe("This promotion has ended.");
    view = await loadCouponsView(db, { tenantId: t.tenant.id });
    expect(view.coupons[0]!.codes[0]!.state).toMatchObject({ label: "Coupon deleted in Stripe", tone: "bad" });
  });
});

describe("promotion events out of order and twice", () => {
  const t0 = 1_790_000_000;
  const promo = (active: boolean, timesRedeemed = 0): Stripe.PromotionCode => ({
    id: "promo_ooo",
    object: "promotion_code",
    active,
    code: "LATE",
    created: t0,
    customer: null,
    customer_account: null,
    expires_at: t0 + 86_400,
    livemode: false,
    max_redemptions: 5,
    metadata: {},
    promotion: { coupon: "cpn_ooo", type: "coupon" },
    restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
    times_redeemed: timesRedeemed,
  });
  const coupon = (name: string): Stripe.Coupon => ({
    id: "cpn_ooo",
    object: "coupon",
    amount_off: null,
    created: t0,
    currency: null,
    duration: "once",
    duration_in_months: null,
    livemode: false,
    max_redemptions: null,
    metadata: {},
    name,
    percent_off: 10,
    redeem_by: null,
    times_redeemed: 2,
    valid: true,
  });

  async function tenantWithCode() {
    const { tenant, admin } = await createTestTenant(db, "promo-ooo");
    const c = await insertCoupon(db, { tenantId: tenant.id, name: "Late", kind: "percent_off", percentOff: 10, duration: "once" });
    await setCouponStripeId(db, { tenantId: tenant.id, couponId: c.id, mode: "test", stripeId: "cpn_ooo", error: null });
    const code = (await insertPromotionCode(db, { tenantId: tenant.id, couponId: c.id, code: "LATE", maxRedemptions: 5, expiresAt: null }))!;
    await setPromotionCodeStripeId(db, { tenantId: tenant.id, codeId: code.id, mode: "test", stripeId: "promo_ooo", error: null });
    return { tenantId: tenant.id, adminId: admin.id, codeId: code.id };
  }

  const deliver = (tenantId: string, event: ReturnType<typeof makeEvent>, current = new Map<string, object>()) =>
    processEvent(db, { tenantId, mode: "test" }, event as Stripe.Event, JSON.stringify(event), { fetchLatest: fixedFetcher(current) });

  it("an older promotion_code.updated never undoes a newer one, a duplicate changes nothing, a same-second pair asks Stripe", async () => {
    const { tenantId, codeId } = await tenantWithCode();
    const off = makeEvent("promotion_code.updated", promo(false, 3), { created: t0 + 20 });
    const olderOn = makeEvent("promotion_code.updated", promo(true, 1), { created: t0 + 10 });
    const localActive = () => db.select().from(promotionCodes).where(eq(promotionCodes.id, codeId)).then((r) => r[0]!.active);

    expect((await deliver(tenantId, off)).outcome).toBe("processed");
    expect(await localActive()).toBe(false);
    await deliver(tenantId, olderOn);
    expect(await localActive()).toBe(false);
    expect(await stateOf(tenantId, "promo_ooo")()).toMatchObject({ state: "inactive", timesRedeemed: 3, maxRedemptions: 5, expiresAt: new Date((t0 + 86_400) * 1000), lastEventId: off.id });
    // The same delivery again: still one row, same watermark.
    expect((await deliver(tenantId, off)).outcome).toBe("duplicate");
    expect(await db.select().from(stripePromotionStates).where(eq(stripePromotionStates.tenantId, tenantId))).toHaveLength(1);

    // Two events in the same second: Stripe's current copy decides (here: on again).
    const sameSecond = makeEvent("promotion_code.updated", promo(false, 3), { created: t0 + 20 });
    await deliver(tenantId, sameSecond, new Map([["promo_ooo", promo(true, 4)]]));
    expect(await localActive()).toBe(true);
    expect(await stateOf(tenantId, "promo_ooo")()).toMatchObject({ state: "active", timesRedeemed: 4 });
  });

  it("a deleted coupon stays deleted whatever arrives after, and an older rename is skipped", async () => {
    const { tenantId } = await tenantWithCode();
    const renamed = makeEvent("coupon.updated", coupon("New name"), { created: t0 + 5 });
    const deleted = makeEvent("coupon.deleted", coupon("New name"), { created: t0 + 8 });
    const staleRename = makeEvent("coupon.updated", coupon("Old name"), { created: t0 + 2 });
    const lateRename = makeEvent("coupon.updated", coupon("Later"), { created: t0 + 9 });
    await deliver(tenantId, deleted);
    await deliver(tenantId, renamed);
    await deliver(tenantId, staleRename);
    await deliver(tenantId, lateRename);
    await deliver(tenantId, deleted);
    expect(await stateOf(tenantId, "cpn_ooo")()).toMatchObject({ objectKind: "coupon", state: "deleted", timesRedeemed: 2, lastEventId: deleted.id });
  });
});
