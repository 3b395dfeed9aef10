import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { saveBillingSettings } from "@/db/queries/billing-settings";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { listSavedCards } from "@/db/queries/saved-cards";
import { listSubscriptionRows } from "@/db/queries/member-subscriptions";
import { setProrationPolicy } from "@/lib/billing-settings/billing-settings";
import { startCardSetup } from "@/lib/payment-methods/manage-payment-methods";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { previewPlanChange, updateMemberSubscription } from "@/lib/subscriptions/manage-subscription";
import { prorationBehaviorFor } from "@/lib/subscriptions/proration-policy";
import { changeRenewalCard } from "@/lib/subscriptions/renewal-card";
import { conformanceLog } from "@/tools/stripe-emulator/conformance";
import { apiError } from "../helpers/api-error";
import { useTestDb } from "../helpers/db";
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

async function activeSubscription(label: string, amounts = [1000, 3000, 500]) {
  const t = await harness.connectedTenant(label);
  const plan = await createPlan(db, t.tenant.id, t.stripe, { name: "Gold membership", amounts });
  const started = await createMemberSubscription(db, t.actors.member, { priceId: plan.prices[0]!.id });
  await t.stripe.paymentIntents.confirm(intentOfSecret(started.clientSecret), { payment_method: "pm_card_visa" });
  const mine = () => listSubscriptionRows(db, { tenantId: t.tenant.id, userId: t.member.id });
  await eventually(mine, (r) => r[0]?.status === "active");
  return { t, plan, started, mine };
}

const calls = () => conformanceLog.appRequests.map((r) => `${r.method} ${r.path}`);

describe("the card a subscription renews on", () => {
  it("a new card through a SetupIntent, then back to a saved card: Stripe's default_payment_method follows; others are refused", async () => {
    const { t, started } = await activeSubscription("card");
    const customerId = (await findMemberCustomerId(db, { tenantId: t.tenant.id, userId: t.member.id, mode: "test" }))!;
    // The visa that paid the first invoice is saved (payment_method.attached).
    const saved = await eventually(() => listSavedCards(db, { tenantId: t.tenant.id, mode: "test", stripeCustomerId: customerId }), (c) => c.length === 1);
    const visa = saved[0]!.id;

    // A new card: the member's own SetupIntent, confirmed in the browser (here: by the SDK).
    const { clientSecret } = await startCardSetup(db, t.actors.member);
    const setupIntentId = clientSecret.split("_secret_")[0]!;
    await t.stripe.setupIntents.confirm(setupIntentId, { payment_method: "pm_card_mastercard" });
    conformanceLog.clear();
    const changed = await changeRenewalCard(db, t.actors.member, started.id, { setupIntentId });
    expect(calls().filter((c) => c.startsWith("POST"))).toEqual([`POST /v1/subscriptions/${started.id}`]);
    expect(changed.label).toBe("Mastercard •••• 4444");
    const sub = await t.stripe.subscriptions.retrieve(started.id, { expand: ["default_payment_method"] });
    expect(typeof sub.default_payment_method === "object" && sub.default_payment_method?.card?.last4).toBe("4444");
    // The customer's own default is untouched: only this subscription renews on the new card.
    const customer = await t.stripe.customers.retrieve(customerId);
    expect("deleted" in customer ? null : customer.invoice_settings.default_payment_method).not.toBe(sub.default_payment_method);

    // Back to the saved visa.
    expect((await changeRenewalCard(db, t.actors.member, started.id, { paymentMethodId: visa })).label).toBe("Visa •••• 4242");
    expect((await t.stripe.subscriptions.retrieve(started.id)).default_payment_method).toBe(visa);

    // Adversarial: the admin (not the subscriber), a made-up card, another member's SetupIntent, a card of another customer.
    conformanceLog.clear();
    expect((await apiError(changeRenewalCard(db, t.actors.admin, started.id, { paymentMethodId: visa }))).status).toBe(404);
    expect((await apiError(changeRenewalCard(db, t.actors.member, started.id, { paymentMethodId: "pm_nothere" }))).status).toBe(404);
    const adminSetup = await startCardSetup(db, t.actors.admin);
    expect((await apiError(changeRenewalCard(db, t.actors.member, started.id, { setupIntentId: adminSetup.clientSecret.split("_secret_")[0]! }))).status).toBe(404);
    const other = await activeSubscription("card2");
    expect((await apiError(changeRenewalCard(db, t.actors.member, other.started.id, { paymentMethodId: visa }))).status).toBe(404);
    // An unconfirmed SetupIntent of the member: 409, nothing changed.
    const unconfirmed = await startCardSetup(db, t.actors.member);
    expect((await apiError(changeRenewalCard(db, t.actors.member, started.id, { setupIntentId: unconfirmed.clientSecret.split("_secret_")[0]! }))).status).toBe(409);
    expect(calls().filter((c) => c.startsWith("POST /v1/subscriptions/"))).toEqual([]);
  });
});

describe("proration policy", () => {
  it("the table: interval changes always prorate; downgrades at period end only skip proration for cheaper plans", () => {
    const m = (amount: number) => ({ amount, interval: "month" as const });
    expect(prorationBehaviorFor("always_invoice", m(1000), m(500))).toBe("always_invoice");
    expect(prorationBehaviorFor("downgrades_at_period_end", m(1000), m(3000))).toBe("always_invoice");
    expect(prorationBehaviorFor("downgrades_at_period_end", m(1000), m(500))).toBe("none");
    expect(prorationBehaviorFor("none", m(1000), m(3000))).toBe("none");
    expect(prorationBehaviorFor("none", m(1000), { amount: 10000, interval: "year" })).toBe("always_invoice");
    // $100/year is cheaper per month than $10/month: a downgrade, but the interval changes.
    expect(prorationBehaviorFor("downgrades_at_period_end", { amount: 10000, interval: "year" }, m(1000))).toBe("always_invoice");
  });

  it("default (prorate now): the preview names plans, never price ids, and the charge matches it", async () => {
    const { t, plan, started } = await activeSubscription("pro");
    const preview = await previewPlanChange(db, t.actors.member, started.id, plan.prices[1]!.id);
    expect(preview.behavior).toBe("always_invoice");
    expect(preview.lines.map((l) => l.description)).toEqual([
      expect.stringMatching(/^Unused time on Gold membership \(\$10\/mo\) after \d{2} \w{3} \d{4}$/),
      expect.stringMatching(/^Remaining time on Gold membership \(\$30\/mo\) after \d{2} \w{3} \d{4}$/),
    ]);
    expect(JSON.stringify(preview.lines)).not.toMatch(/price_/);
    conformanceLog.clear();
    await updateMemberSubscription(db, t.actors.member, started.id, { priceId: plan.prices[1]!.id, prorationDate: preview.prorationDate });
    const update = conformanceLog.appRequests.find((r) => r.method === "POST" && r.path === `/v1/subscriptions/${started.id}`);
    expect(update).toBeDefined();
    const sub = await t.stripe.subscriptions.retrieve(started.id);
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect([invoice.billing_reason, invoice.amount_paid]).toEqual(["subscription_update", preview.amountDue]);
  });

  it("downgrades at period end: an upgrade is charged now, a downgrade charges nothing and Stripe is sent proration_behavior=none", async () => {
    const { t, plan, started } = await activeSubscription("down");
    await setProrationPolicy(db, { tenantId: t.tenant.id, userId: t.admin.id }, { prorationPolicy: "downgrades_at_period_end" });
    const before = (await t.stripe.invoices.list({ subscription: started.id })).data.length;

    conformanceLog.clear();
    const down = await previewPlanChange(db, t.actors.member, started.id, plan.prices[2]!.id);
    expect(down).toMatchObject({ behavior: "none", amountDue: 0, lines: [], productName: "Gold membership", amount: 500 });
    expect(down.nextRenewal).toBeInstanceOf(Date);
    expect(calls().filter((c) => c.includes("create_preview"))).toEqual([]);
    await updateMemberSubscription(db, t.actors.member, started.id, { priceId: plan.prices[2]!.id, prorationDate: down.prorationDate });
    const sub = await t.stripe.subscriptions.retrieve(started.id);
    expect(sub.items.data[0]?.price.unit_amount).toBe(500);
    // No proration invoice: the cheaper price starts with the next renewal.
    expect((await t.stripe.invoices.list({ subscription: started.id })).data).toHaveLength(before);

    const up = await previewPlanChange(db, t.actors.member, started.id, plan.prices[1]!.id);
    expect(up.behavior).toBe("always_invoice");
    expect(up.amountDue).toBeGreaterThan(0);
  });

  it("no proration: an upgrade charges nothing now either; the setting is per tenant", async () => {
    const { t, plan, started } = await activeSubscription("none");
    const other = await activeSubscription("none2");
    await saveBillingSettings(db, { tenantId: t.tenant.id, prorationPolicy: "none" });
    expect((await previewPlanChange(db, t.actors.member, started.id, plan.prices[1]!.id)).behavior).toBe("none");
    // The other tenant still prorates.
    expect((await previewPlanChange(db, other.t.actors.member, other.started.id, other.plan.prices[1]!.id)).behavior).toBe("always_invoice");
    await updateMemberSubscription(db, t.actors.member, started.id, { priceId: plan.prices[1]!.id });
    expect((await t.stripe.subscriptions.retrieve(started.id)).items.data[0]?.price.unit_amount).toBe(3000);
    expect((await t.stripe.invoices.list({ subscription: started.id })).data).toHaveLength(1);
  });
});
