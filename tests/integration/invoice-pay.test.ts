// @requires-postgres: concurrent transactions over several connections (see tests/postgres-only.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listOpenNotices } from "@/db/queries/billing-notices";
import { listSubscriptionRows } from "@/db/queries/member-subscriptions";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { payFirstInvoiceWithSavedCard } from "@/lib/subscriptions/pay-first-invoice";
import { invoicePaymentSecret, payInvoiceWithSavedCard } from "@/lib/subscriptions/pay-invoice";
import { loadSubscribeContext } from "@/lib/subscriptions/subscribe-context";
import { apiError } from "../helpers/api-error";
import { useTestDb } from "../helpers/db";
import { eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { createPlan, intentOfSecret } from "../helpers/subscription-plans";

/*
 * Paying an open invoice (issue 19): the pay page shows what is being paid and offers the member's
 * saved cards; a saved card pays the invoice's own PaymentIntent on the server, once.
 */

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

const DAY = 86400;

/**
 * A member subscribed with 4242 (saved on the customer) whose renewal then fails on a declining
 * default card (9995): an open invoice with a payment-failed notice that the member must pay.
 */
async function failedRenewal(label: string, amount: number) {
  const t = await harness.connectedTenant(label);
  const plan = await createPlan(db, t.tenant.id, t.stripe, { amounts: [amount] });
  const started = await createMemberSubscription(db, t.actors.member, { priceId: plan.prices[0]!.id });
  await t.stripe.paymentIntents.confirm(intentOfSecret(started.clientSecret), { payment_method: "pm_card_visa" });
  const statusOf = async () => (await listSubscriptionRows(db, { tenantId: t.tenant.id, userId: t.member.id }))[0]?.status;
  await eventually(statusOf, (s) => s === "active");
  const customer = (await t.stripe.subscriptions.retrieve(started.id)).customer as string;
  const failing = await t.stripe.paymentMethods.create({ type: "card", card: { number: "4000000000009995", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" } });
  await t.stripe.paymentMethods.attach(failing.id, { customer });
  await t.stripe.subscriptions.update(started.id, { default_payment_method: failing.id });
  await harness.control("clock/advance", { account: t.account.id, seconds: 32 * DAY });
  const [notice] = await eventually(() => listOpenNotices(db, { tenantId: t.tenant.id, userId: t.member.id }), (n) => n.length === 1);
  return { t, customer, failing, statusOf, invoiceId: notice!.stripeInvoiceId };
}

describe("paying an open invoice with a saved card", () => {
  it("offers the member's cards, pays with one on the server, and refuses others' cards and a second payment", async () => {
    const { t, customer, statusOf, invoiceId } = await failedRenewal("invpay", 1200);

    const page = await eventually(() => invoicePaymentSecret(db, t.actors.member, invoiceId), (p) => p.savedCards.length === 2);
    expect(page).toMatchObject({ amountDue: 1200, currency: "usd" });
    expect(page.lines.map((l) => l.amount)).toEqual([1200]);
    expect(page.savedCards.map((c) => c.label)).toEqual(expect.arrayContaining([expect.stringMatching(/4242/), expect.stringMatching(/9995/)]));
    // An admin may open the member's invoice but is offered none of the member's cards.
    expect((await invoicePaymentSecret(db, t.actors.admin, invoiceId)).savedCards).toEqual([]);

    // Another tenant's card, or a card id that is not the member's: 404, nothing charged.
    const other = await harness.connectedTenant("invpay-other");
    const stranger = await other.stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" } });
    expect((await apiError(payInvoiceWithSavedCard(db, t.actors.member, { stripeInvoiceId: invoiceId, paymentMethodId: stranger.id }))).status).toBe(404);
    const visa = page.savedCards.find((c) => c.label.includes("4242"))!;
    expect((await apiError(payInvoiceWithSavedCard(db, t.actors.admin, { stripeInvoiceId: invoiceId, paymentMethodId: visa.id }))).status).toBe(404);

    const paid = await payInvoiceWithSavedCard(db, t.actors.member, { stripeInvoiceId: invoiceId, paymentMethodId: visa.id });
    expect(paid).toMatchObject({ status: "succeeded", clientSecret: null, decline: null });
    expect(await eventually(statusOf, (s) => s === "active")).toBe("active");
    // Paid: a second payment is refused, not charged.
    expect((await apiError(payInvoiceWithSavedCard(db, t.actors.member, { stripeInvoiceId: invoiceId, paymentMethodId: visa.id }))).status).toBe(409);
    const charges = await t.stripe.paymentIntents.list({ customer, limit: 100 });
    expect(charges.data.filter((pi) => pi.status === "succeeded").map((pi) => pi.amount)).toEqual([1200, 1200]);
  });

  it("a declining saved card answers Stripe's decline and leaves the invoice open", async () => {
    const { t, failing, invoiceId } = await failedRenewal("invpay-decline", 800);
    await eventually(() => invoicePaymentSecret(db, t.actors.member, invoiceId), (p) => p.savedCards.length === 2);

    const r = await payInvoiceWithSavedCard(db, t.actors.member, { stripeInvoiceId: invoiceId, paymentMethodId: failing.id });
    expect(r.decline?.declineCode).toBe("insufficient_funds");
    expect((await t.stripe.invoices.retrieve(invoiceId)).status).toBe("open");
  });

  it("a second plan's first invoice is paid with the card saved by the first; others' subscriptions are 404, paid ones 409", async () => {
    const t = await harness.connectedTenant("subcard");
    const gold = await createPlan(db, t.tenant.id, t.stripe, { name: "Gold", amounts: [1000] });
    const studio = await createPlan(db, t.tenant.id, t.stripe, { name: "Studio", amounts: [2500], feature: "studio" });
    const first = await createMemberSubscription(db, t.actors.member, { priceId: gold.prices[0]!.id });
    await t.stripe.paymentIntents.confirm(intentOfSecret(first.clientSecret), { payment_method: "pm_card_visa" });
    const rows = () => listSubscriptionRows(db, { tenantId: t.tenant.id, userId: t.member.id });
    await eventually(rows, (r) => r.some((s) => s.status === "active"));

    const ctx = await eventually(() => loadSubscribeContext(db, { tenantId: t.tenant.id, userId: t.member.id, priceId: studio.prices[0]!.id }), (c) => c.kind === "ok" && c.savedCards.length === 1);
    const card = ctx.kind === "ok" ? ctx.savedCards[0]! : null;
    expect(card?.label).toMatch(/Visa ending 4242/);

    const second = await createMemberSubscription(db, t.actors.member, { priceId: studio.prices[0]!.id });
    // Not the admin's subscription to pay, and not another tenant's.
    expect((await apiError(payFirstInvoiceWithSavedCard(db, t.actors.admin, { stripeSubscriptionId: second.id, paymentMethodId: card!.id }))).status).toBe(404);
    const other = await harness.connectedTenant("subcard-other");
    expect((await apiError(payFirstInvoiceWithSavedCard(db, other.actors.member, { stripeSubscriptionId: second.id, paymentMethodId: card!.id }))).status).toBe(404);

    const paid = await payFirstInvoiceWithSavedCard(db, t.actors.member, { stripeSubscriptionId: second.id, paymentMethodId: card!.id });
    expect(paid).toMatchObject({ status: "succeeded", decline: null });
    await eventually(rows, (r) => r.filter((s) => s.status === "active").length === 2);
    expect((await apiError(payFirstInvoiceWithSavedCard(db, t.actors.member, { stripeSubscriptionId: second.id, paymentMethodId: card!.id }))).status).toBe(409);
    const charged = await t.stripe.paymentIntents.list({ limit: 10 });
    expect(charged.data.filter((pi) => pi.status === "succeeded").map((pi) => pi.amount).sort()).toEqual([1000, 2500]);
  });
});
