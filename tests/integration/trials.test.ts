// @requires-postgres: the payments harness (webhooks delivered concurrently with the test's reads).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listInvoiceRows } from "@/db/queries/billing-notices";
import { listSubscriptionRows } from "@/db/queries/member-subscriptions";
import { listOpenTrialNotices } from "@/db/queries/trial-notices";
import { mailOutbox, trialNotices } from "@/db/schema";
import { resolveAccess } from "@/lib/access/resolve-access";
import { setPriceTrialDays } from "@/lib/catalog/set-trial-days";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { apiError } from "../helpers/api-error";
import { useTestDb } from "../helpers/db";
import { createOneTimePrice, eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { createPlan } from "../helpers/subscription-plans";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

const DAY = 86400;

async function trialPlan(days = 14) {
  const t = await harness.connectedTenant("trial");
  const plan = await createPlan(db, t.tenant.id, t.stripe, { amounts: [1000] });
  const priceId = plan.prices[0]!.id;
  expect(await setPriceTrialDays(db, { tenantId: t.tenant.id, userId: t.admin.id, priceId, trialDays: days })).toMatchObject({ trialDays: days });
  const mine = async () => (await listSubscriptionRows(db, { tenantId: t.tenant.id, userId: t.member.id }))[0];
  return { t, plan, priceId, mine };
}

const trialMails = (tenantId: string) => db.select().from(mailOutbox).where(and(eq(mailOutbox.tenantId, tenantId), eq(mailOutbox.template, "trial_ending")));

describe("free trials", () => {
  it("starts trialing without any charge, collects the card with the pending SetupIntent, and entitles during the trial", async () => {
    const { t, priceId, mine } = await trialPlan(14);
    const started = await createMemberSubscription(db, t.actors.member, { priceId });
    expect(started).toMatchObject({ status: "trialing", secretType: "setup", reused: false });
    expect(started.clientSecret).toMatch(/^seti_.+_secret_/);

    // What the portal asked Stripe for: a 14-day trial that ends the subscription if no card is saved.
    const sub = await t.stripe.subscriptions.retrieve(started.id, { expand: ["latest_invoice"] });
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * DAY);
    expect(sub.trial_settings?.end_behavior.missing_payment_method).toBe("cancel");
    expect(sub.metadata).toMatchObject({ memberpulse_tenant_id: t.tenant.id, memberpulse_price_id: priceId });
    expect(sub.latest_invoice).toMatchObject({ status: "paid", amount_paid: 0 });
    expect((await t.stripe.paymentIntents.list({ customer: started.customerId })).data).toEqual([]);

    // A reload before the card form was sent gets the same SetupIntent back, not a second trial.
    const again = await createMemberSubscription(db, t.actors.member, { priceId });
    expect(again).toMatchObject({ id: started.id, clientSecret: started.clientSecret, reused: true });

    const row = await eventually(mine, (r) => r?.status === "trialing");
    expect(row?.trialEnd?.getTime()).toBe(sub.trial_end! * 1000);
    const access = await eventually(() => resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id }), (a) => a.features.has("member-area"));
    expect(access.entitlements[0]?.sources[0]).toMatchObject({ type: "subscription", status: "trialing" });

    await t.stripe.setupIntents.confirm(started.clientSecret!.split("_secret_")[0]!, { payment_method: "pm_card_visa" });
    expect((await t.stripe.subscriptions.retrieve(started.id)).default_payment_method).toMatch(/^pm_/);
    // The card is saved: the trial is a held plan now, a second subscribe is a 409.
    const err = await apiError(createMemberSubscription(db, t.actors.member, { priceId }));
    expect([err.status, err.code]).toEqual([409, "conflict"]);
  });

  it("trial_will_end: one notice and one mail however often it arrives; at the trial's end it converts to active with the first charge", async () => {
    const { t, priceId, mine } = await trialPlan(14);
    const started = await createMemberSubscription(db, t.actors.member, { priceId });
    await t.stripe.setupIntents.confirm(started.clientSecret!.split("_secret_")[0]!, { payment_method: "pm_card_visa" });
    await eventually(mine, (r) => r?.status === "trialing");

    await harness.control("clock/advance", { account: t.account.id, seconds: 11 * DAY + 60 });
    const mails = await eventually(() => trialMails(t.tenant.id), (m) => m.length === 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ toAddress: expect.stringContaining("member"), subject: expect.stringMatching(/^Your Gold membership trial ends on /) });
    expect(mails[0]!.data).toMatchObject({ hasCard: true, amount: 1000, currency: "usd" });
    expect(await listOpenTrialNotices(db, { tenantId: t.tenant.id, userId: t.member.id, now: new Date() })).toHaveLength(1);
    // Another member sees nothing of it.
    expect(await listOpenTrialNotices(db, { tenantId: t.tenant.id, userId: t.admin.id, now: new Date() })).toEqual([]);

    // Stripe delivers at least once: the same event again (and a replay) writes nothing new.
    const account = harness.emulator.core.store.accounts.get(t.account.id)!;
    const event = [...account.events.values()].find((e) => e.type === "customer.subscription.trial_will_end")!;
    await harness.control(`events/${event.id}/resend`);
    await harness.control(`events/${event.id}/resend`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await trialMails(t.tenant.id)).toHaveLength(1);
    expect(await db.select().from(trialNotices).where(eq(trialNotices.tenantId, t.tenant.id))).toHaveLength(1);

    await harness.control("clock/advance", { account: t.account.id, seconds: 3 * DAY });
    expect((await eventually(mine, (r) => r?.status === "active"))?.status).toBe("active");
    const invoices = await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id, userId: t.member.id }), (rows) => rows.some((r) => r.amountPaid === 1000));
    expect(invoices.find((r) => r.amountPaid === 1000)?.status).toBe("paid");
    // The trial is over: its notice is gone from the member's page.
    expect(await listOpenTrialNotices(db, { tenantId: t.tenant.id, userId: t.member.id, now: new Date() })).toEqual([]);
  });

  it("a trial whose card was never added ends with the trial; nothing is charged", async () => {
    const { t, priceId, mine } = await trialPlan(5);
    const started = await createMemberSubscription(db, t.actors.member, { priceId });
    await eventually(mine, (r) => r?.status === "trialing");
    await harness.control("clock/advance", { account: t.account.id, seconds: 5 * DAY + 60 });
    expect((await eventually(mine, (r) => r?.status === "canceled"))?.status).toBe("canceled");
    expect((await t.stripe.paymentIntents.list({ customer: started.customerId })).data).toEqual([]);
    expect((await trialMails(t.tenant.id))[0]?.data).toMatchObject({ hasCard: false });
  });

  it("trial days are set only on the tenant's own current recurring prices", async () => {
    const { t, priceId } = await trialPlan(7);
    const other = await harness.connectedTenant("other");
    expect(await setPriceTrialDays(db, { tenantId: other.tenant.id, userId: other.admin.id, priceId, trialDays: 30 })).toBeNull();
    const ticket = await createOneTimePrice(db, t.tenant.id);
    expect(await setPriceTrialDays(db, { tenantId: t.tenant.id, userId: t.admin.id, priceId: ticket.id, trialDays: 30 })).toBeNull();
    expect(await setPriceTrialDays(db, { tenantId: t.tenant.id, userId: t.admin.id, priceId, trialDays: null })).toMatchObject({ trialDays: null });
  });
});
