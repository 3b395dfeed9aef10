// @requires-postgres: the payments harness delivers the emulator's webhooks concurrently.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getOrCreateReferralCode, listFlaggedReferrals } from "@/db/queries/referrals";
import { cardFingerprints, referrals, type Referral } from "@/db/schema";
import { joinTenant } from "@/lib/members/join-tenant";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { balanceOf, createCreditPackage } from "../helpers/credits";
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

/** A connected tenant with a $10 credit package; its member is the referrer. */
async function shop() {
  const t = await harness.connectedTenant("referral");
  const tenantId = t.tenant.id;
  const priceId = await createCreditPackage(db, { tenantId, amount: 1000 });
  const code = await getOrCreateReferralCode(db, { tenantId, userId: t.member.id });
  let joined = 0;

  /** A brand-new account that joined with the referrer's code. */
  async function newReferredAccount(): Promise<string> {
    const result = await joinTenant(db, { tenantId, input: { name: "New", email: `new-${joined++}-${tenantId.slice(0, 8)}@example.test`, password: "long enough password", ref: code } });
    if (!result.ok) throw new Error(result.error);
    expect(result.referred).toBe(true);
    return result.userId;
  }

  /** Buys the $10 package as `userId`, paying with `card` (a test token or a PaymentMethod id). */
  async function buy(userId: string, card: string): Promise<string> {
    const p = await createMemberPayment(db, { tenantId, tenantSlug: t.tenant.slug, userId, role: "ROLE_MEMBER" }, { priceId, saveCard: false });
    const paid = await t.stripe.paymentIntents.confirm(p.stripePaymentIntentId, { payment_method: card });
    expect(paid.status).toBe("succeeded");
    return p.stripePaymentIntentId;
  }

  /** A card number of our own (a fresh fingerprint), as a PaymentMethod. */
  async function card(number: string): Promise<string> {
    const pm = await t.stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: 2034, cvc: "123" } });
    return pm.id;
  }

  const balance = (userId: string) => balanceOf(db, { tenantId, userId });
  const settled = (userId: string) => eventually(balance.bind(null, userId), (b) => b >= 1000);

  async function decided(referredUserId: string): Promise<Referral> {
    const read = async () => (await db.select().from(referrals).where(and(eq(referrals.tenantId, tenantId), eq(referrals.referredUserId, referredUserId))))[0]!;
    // Decided in the same transaction as the bonuses: once it is, the balances are final too.
    return eventually(read, (r) => r.status !== "pending");
  }

  return { t, tenantId, referrerId: t.member.id, newReferredAccount, buy, card, balance, settled, decided };
}

describe("referral farming guard (emulator, signed webhooks)", () => {
  it("a card the referrer paid with earns no referral: flagged with the reason, no bonus to either side", async () => {
    const s = await shop();
    await s.buy(s.referrerId, "pm_card_visa");
    await s.settled(s.referrerId);

    const farmed = await s.newReferredAccount();
    await s.buy(farmed, "pm_card_visa");
    const referral = await s.decided(farmed);
    expect(referral).toMatchObject({ status: "flagged", flagReason: "paid with a card the referrer has used or saved" });
    expect(await s.balance(farmed)).toBe(1000);
    expect(await s.balance(s.referrerId)).toBe(1000);

    const flagged = await listFlaggedReferrals(db, { tenantId: s.tenantId });
    expect(flagged.map((f) => [f.referrerEmail, f.reason])).toEqual([[s.t.member.email, "paid with a card the referrer has used or saved"]]);
  });

  it("a card the referrer only saved (never paid with) earns no referral either", async () => {
    const s = await shop();
    // The referrer's Stripe customer exists once they started a payment; they save an Amex on it.
    await s.buy(s.referrerId, "pm_card_visa");
    await s.settled(s.referrerId);
    const [customer] = (await s.t.stripe.customers.list({ limit: 1 })).data;
    await s.t.stripe.paymentMethods.attach("pm_card_amex", { customer: customer!.id });

    const farmed = await s.newReferredAccount();
    // Wait for payment_method.attached to be recorded (the visa's charge is recorded as well).
    const recorded = () => db.select().from(cardFingerprints).where(and(eq(cardFingerprints.tenantId, s.tenantId), eq(cardFingerprints.stripeCustomerId, customer!.id)));
    expect((await eventually(recorded, (rows) => rows.length >= 2)).length).toBe(2);
    await s.buy(farmed, "pm_card_amex");
    expect(await s.decided(farmed)).toMatchObject({ status: "flagged", flagReason: "paid with a card the referrer has used or saved" });
    expect(await s.balance(s.referrerId)).toBe(1000);
  });

  it("a different card earns the bonus for both; the same card in a second new account earns nothing", async () => {
    const s = await shop();
    const first = await s.newReferredAccount();
    await s.buy(first, "pm_card_mastercard");
    expect(await s.decided(first)).toMatchObject({ status: "rewarded", flagReason: null });
    expect(await s.balance(first)).toBe(2000);
    expect(await s.balance(s.referrerId)).toBe(1000);

    const second = await s.newReferredAccount();
    await s.buy(second, "pm_card_mastercard");
    expect(await s.decided(second)).toMatchObject({ status: "flagged", flagReason: "this card already earned a referral bonus" });
    expect(await s.balance(second)).toBe(1000);
    expect(await s.balance(s.referrerId)).toBe(1000);
  });

  it("events delivered in reverse order and then all over again grant the bonuses once", async () => {
    const s = await shop();
    const member = await s.newReferredAccount();
    const discover = await s.card("6011111111111117");
    await harness.control("webhooks/pause");
    try {
      await s.buy(member, discover);
    } finally {
      // payment_intent.succeeded now comes before charge.succeeded: the card is retrieved from Stripe.
      await harness.control("webhooks/resume", { order: "reverse" });
    }
    expect(await s.decided(member)).toMatchObject({ status: "rewarded" });
    const events = await s.t.stripe.events.list({ limit: 100 });
    await Promise.all(events.data.map((e) => harness.control(`events/${e.id}/resend`)));
    await new Promise((r) => setTimeout(r, 500));
    expect(await s.balance(member)).toBe(2000);
    expect(await s.balance(s.referrerId)).toBe(1000);

    // The same card in another new account, also out of order: refused, and nothing changes.
    const again = await s.newReferredAccount();
    await harness.control("webhooks/pause");
    try {
      await s.buy(again, discover);
    } finally {
      await harness.control("webhooks/resume", { order: "shuffle" });
    }
    expect(await s.decided(again)).toMatchObject({ status: "flagged", flagReason: "this card already earned a referral bonus" });
    expect(await s.balance(again)).toBe(1000);
    expect(await s.balance(s.referrerId)).toBe(1000);
  });

  it("two new accounts paying with the same card at the same moment: one bonus, one flagged", async () => {
    const s = await shop();
    const [a, b] = [await s.newReferredAccount(), await s.newReferredAccount()];
    const number = "5200828282828210";
    await Promise.all([s.buy(a, await s.card(number)), s.buy(b, await s.card(number))]);
    const statuses = [(await s.decided(a)).status, (await s.decided(b)).status].sort();
    expect(statuses).toEqual(["flagged", "rewarded"]);
    expect(await s.balance(s.referrerId)).toBe(1000);
  });
});
