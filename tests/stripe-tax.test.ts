// @requires-postgres: the payments harness (webhooks delivered concurrently with the test's reads).
// Stripe Tax through the strict emulator (fixed rates: US 8.25 %, GB 20 %, DE 19 %, else 0): what
// the portal asks Stripe for with the tenant's switch on and off, and what the member is charged.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listAudit } from "@/db/queries/audit-log";
import { getPayment } from "@/db/queries/member-payments";
import { setTaxEnabled, taxSettingsSchema } from "@/lib/billing-settings/billing-settings";
import { createAdminInvoice } from "@/lib/invoices/create-admin-invoice";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { getPaymentView } from "@/lib/payments/read-payments";
import { previewPlanPromotion } from "@/lib/promotions/preview-promotion";
import { addPromotionCode, createCoupon } from "@/lib/promotions/manage-coupons";
import { couponSchema, promotionCodeSchema } from "@/lib/promotions/coupon-input";
import { createMemberCheckout } from "@/lib/subscriptions/checkout";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { billingAddressSchema, saveMemberBillingAddress } from "@/lib/tax/billing-address";
import { loadCheckoutTax } from "@/lib/tax/checkout-tax";
import { ADDRESS_REQUIRED } from "@/lib/tax/tax-quote";
import { apiError } from "./helpers/api-error";
import { useTestDb } from "./helpers/db";
import { createOneTimePrice, startPaymentsHarness } from "./helpers/payments-harness";
import { createPlan, intentOfSecret } from "./helpers/subscription-plans";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

type Tenant = Awaited<ReturnType<typeof harness.connectedTenant>>;

async function tenantWith({ tax }: { tax: boolean }) {
  const t = await harness.connectedTenant(tax ? "tax-on" : "tax-off");
  if (tax) await setTaxEnabled(db, { tenantId: t.tenant.id, userId: t.admin.id }, taxSettingsSchema.parse({ taxEnabled: "on" }));
  const oneTime = await createOneTimePrice(db, t.tenant.id, { amount: 2500 });
  const plan = await createPlan(db, t.tenant.id, t.stripe, { amounts: [2000] });
  return { t, oneTimePriceId: oneTime.id, planPriceId: plan.prices[0]!.id };
}

const livesIn = (t: Tenant, country: string, postalCode = "10115") =>
  saveMemberBillingAddress(db, t.actors.member, billingAddressSchema.parse({ country, postalCode }));

describe("Stripe Tax switch off", () => {
  it("sends no automatic_tax and no tax calculation: the member pays the catalog price", async () => {
    const { t, oneTimePriceId, planPriceId } = await tenantWith({ tax: false });
    const payment = await createMemberPayment(db, t.actors.member, { priceId: oneTimePriceId, saveCard: false });
    expect([payment.amount, payment.tax]).toEqual([2500, null]);
    const pi = await t.stripe.paymentIntents.retrieve(payment.stripePaymentIntentId);
    expect(pi.hooks?.inputs?.tax).toBeUndefined();

    const sub = await createMemberSubscription(db, t.actors.member, { priceId: planPriceId });
    const stripeSub = await t.stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(stripeSub.automatic_tax.enabled).toBe(false);
    expect(stripeSub.latest_invoice).toMatchObject({ total: 2000, total_taxes: [] });

    const session = await createMemberCheckout(db, t.actors.member, { priceId: planPriceId });
    const stripeSession = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(stripeSession.automatic_tax.enabled).toBe(false);
    expect(stripeSession.amount_total).toBe(2000);
    expect(await loadCheckoutTax(db, { tenantId: t.tenant.id, userId: t.member.id, amount: 2500, currency: "usd", reference: "x" })).toEqual({ kind: "off" });
  });
});

describe("Stripe Tax switch on", () => {
  it("is audit-logged by field name, never by value", async () => {
    const { t } = await tenantWith({ tax: true });
    const [entry] = await listAudit(db, { tenantId: t.tenant.id });
    expect(entry).toMatchObject({ action: "billing_settings.updated", fields: ["tax_enabled"] });
  });

  it("refuses to charge a member without a billing address, before anything is created in Stripe", async () => {
    const { t, oneTimePriceId, planPriceId } = await tenantWith({ tax: true });
    const refused = await apiError(createMemberPayment(db, t.actors.member, { priceId: oneTimePriceId, saveCard: false }));
    expect(refused).toMatchObject({ status: 422, message: ADDRESS_REQUIRED });
    expect((await apiError(createMemberSubscription(db, t.actors.member, { priceId: planPriceId }))).message).toBe(ADDRESS_REQUIRED);
    expect((await apiError(createMemberCheckout(db, t.actors.member, { priceId: planPriceId }))).message).toBe(ADDRESS_REQUIRED);
    expect((await t.stripe.paymentIntents.list()).data).toEqual([]);
    expect((await t.stripe.subscriptions.list()).data).toEqual([]);
    expect((await loadCheckoutTax(db, { tenantId: t.tenant.id, userId: t.member.id, amount: 2500, currency: "usd", reference: "x" })).kind).toBe("needs_address");
    // An admin cannot invoice them either: Stripe would have no address to tax.
    const invoice = await apiError(
      createAdminInvoice(db, { tenantId: t.tenant.id, userId: t.admin.id }, { memberId: t.member.id, currency: "usd", daysUntilDue: 7, lines: [{ description: "Coaching", amount: "40" }] }),
    );
    expect(invoice).toMatchObject({ status: 422, field: "memberId" });
  });

  it("rejects an address without a known country or a postal code", () => {
    expect(billingAddressSchema.safeParse({ country: "XX", postalCode: "1" }).success).toBe(false);
    expect(billingAddressSchema.safeParse({ country: "de", postalCode: " " }).success).toBe(false);
    expect(billingAddressSchema.parse({ country: "de", postalCode: " 10115 " })).toEqual({ country: "DE", postalCode: "10115", line1: "" });
  });

  it("a one-time payment charges the tax calculation's total and names it in hooks.inputs.tax.calculation", async () => {
    const { t, oneTimePriceId } = await tenantWith({ tax: true });
    await livesIn(t, "DE");
    const customer = await t.stripe.customers.retrieve((await t.stripe.customers.list()).data[0]!.id);
    expect(!customer.deleted && customer.address).toMatchObject({ country: "DE", postal_code: "10115" });

    const quote = await loadCheckoutTax(db, { tenantId: t.tenant.id, userId: t.member.id, amount: 2500, currency: "usd", reference: oneTimePriceId });
    expect(quote).toMatchObject({ kind: "quoted", tax: 475, total: 2975 });

    const payment = await createMemberPayment(db, t.actors.member, { priceId: oneTimePriceId, saveCard: false });
    expect([payment.amount, payment.tax]).toEqual([2975, 475]);
    const pi = await t.stripe.paymentIntents.retrieve(payment.stripePaymentIntentId);
    expect(pi.amount).toBe(2975);
    const calculationId = pi.hooks?.inputs?.tax?.calculation;
    expect(calculationId).toMatch(/^taxcalc_/);
    const calculation = await t.stripe.tax.calculations.retrieve(calculationId!);
    expect([calculation.amount_total, calculation.tax_amount_exclusive, calculation.customer]).toEqual([2975, 475, pi.customer]);

    const row = await getPayment(db, { tenantId: t.tenant.id, paymentId: payment.paymentId });
    expect(row?.amount).toBe(2975);
    const view = await getPaymentView(db, t.actors.member, payment.paymentId, { ownOnly: true });
    expect([view.amount, view.tax]).toEqual([2975, 475]);

    // A second click reuses the same intent; a new address is a new total and a new intent.
    expect((await createMemberPayment(db, t.actors.member, { priceId: oneTimePriceId, saveCard: false })).stripePaymentIntentId).toBe(pi.id);
    await livesIn(t, "GB", "SW1A 1AA");
    const inLondon = await createMemberPayment(db, t.actors.member, { priceId: oneTimePriceId, saveCard: false });
    expect([inLondon.amount, inLondon.tax]).toEqual([3000, 500]);
    expect(inLondon.stripePaymentIntentId).not.toBe(pi.id);
  });

  it("subscriptions and Checkout Sessions ask Stripe for automatic_tax; the first invoice carries the tax", async () => {
    const { t, planPriceId } = await tenantWith({ tax: true });
    await livesIn(t, "US", "94103");
    const sub = await createMemberSubscription(db, t.actors.member, { priceId: planPriceId });
    const stripeSub = await t.stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(stripeSub.automatic_tax.enabled).toBe(true);
    expect(stripeSub.latest_invoice).toMatchObject({ subtotal: 2000, total_excluding_tax: 2000, total: 2165, amount_due: 2165 });
    expect((await t.stripe.paymentIntents.retrieve(intentOfSecret(sub.clientSecret))).amount).toBe(2165);

    const session = await createMemberCheckout(db, t.actors.member, { priceId: planPriceId });
    const stripeSession = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(stripeSession.automatic_tax).toMatchObject({ enabled: true, status: "complete" });
    expect([stripeSession.total_details?.amount_tax, stripeSession.amount_total]).toEqual([165, 2165]);
  });

  it("an admin's invoice is created with automatic_tax and Stripe adds the tax", async () => {
    const { t } = await tenantWith({ tax: true });
    await livesIn(t, "GB", "SW1A 1AA");
    const invoice = await createAdminInvoice(db, { tenantId: t.tenant.id, userId: t.admin.id }, { memberId: t.member.id, currency: "usd", daysUntilDue: 7, lines: [{ description: "Coaching", amount: "40" }] });
    expect(invoice.amountDue).toBe(4800);
    const stripeInvoice = await t.stripe.invoices.retrieve(invoice.id);
    expect(stripeInvoice.automatic_tax.enabled).toBe(true);
    expect(stripeInvoice.total_taxes?.map((x) => x.amount)).toEqual([800]);
  });

  it("the promotion preview shows the tax on the discounted amount and the first charge with it", async () => {
    const { t, planPriceId } = await tenantWith({ tax: true });
    await livesIn(t, "DE");
    const coupon = await createCoupon(db, { tenantId: t.tenant.id, userId: t.admin.id }, couponSchema.parse({ name: "Half", kind: "percent_off", value: "50", duration: "once" }));
    await addPromotionCode(db, { tenantId: t.tenant.id, userId: t.admin.id }, coupon.id, promotionCodeSchema.parse({ code: "HALF" }));
    const preview = await previewPlanPromotion(db, t.actors.member, { priceId: planPriceId, code: "half" });
    expect(preview).toMatchObject({ discount: 1000, total: 1000, tax: 190 });
    const sub = await createMemberSubscription(db, t.actors.member, { priceId: planPriceId, promotionCode: "half" });
    expect((await t.stripe.paymentIntents.retrieve(intentOfSecret(sub.clientSecret))).amount).toBe(1190);
  });
});
