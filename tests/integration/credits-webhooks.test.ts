import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getOrCreateReferralCode } from "@/db/queries/referrals";
import { creditLedger, memberStripeCustomers, referrals } from "@/db/schema";
import { joinTenant } from "@/lib/members/join-tenant";
import { balanceOf, chargeRefunded, createCreditPackage, deliver, nextCreated, paymentSucceeded, piId } from "../helpers/credits";
import { createTestTenant, useTestDb } from "../helpers/db";
import { fixedFetcher, makeEvent, newSecret, setWebhookSecret } from "../helpers/webhooks";

let db: Db;
let tenantId: string;
let referrerId: string;
let package10: string;
let package5: string;
const secret = newSecret();
const send = (event: object) => deliver(db, { tenantId, secret }, event);
const balance = (userId: string) => balanceOf(db, { tenantId, userId });

let joined = 0;
/** A new member who joined with the referrer's code. */
async function referredMember(): Promise<string> {
  const code = await getOrCreateReferralCode(db, { tenantId, userId: referrerId });
  const result = await joinTenant(db, { tenantId, input: { name: "Referred", email: `referred-${joined++}-${tenantId.slice(0, 8)}@example.test`, password: "long enough password", ref: code } });
  if (!result.ok) throw new Error(result.error);
  expect(result.referred).toBe(true);
  return result.userId;
}

async function buy(userId: string, amount: number, priceId: string | null) {
  const id = piId();
  expect(await send(paymentSucceeded({ id, amount, tenantId, userId, priceId }))).toBe(200);
  return id;
}

beforeAll(async () => {
  db = (await useTestDb()).db;
  const t = await createTestTenant(db, "credits");
  tenantId = t.tenant.id;
  referrerId = t.member.id;
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
  package10 = await createCreditPackage(db, { tenantId, amount: 1000 });
  package5 = await createCreditPackage(db, { tenantId, amount: 500 });
});

describe("credit package purchases (signed webhooks)", () => {
  it("a $10 package delivered 5 times concurrently grants +1,000 exactly once", async () => {
    const userId = await referredMemberless();
    const event = paymentSucceeded({ id: piId(), amount: 1000, tenantId, userId, priceId: package10 });
    const statuses = await Promise.all(Array.from({ length: 5 }, () => send(event)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(await balance(userId)).toBe(1000);
    const entries = await db.select().from(creditLedger).where(and(eq(creditLedger.tenantId, tenantId), eq(creditLedger.userId, userId)));
    expect(entries.map((e) => [e.reason, e.delta])).toEqual([["purchase", 1000]]);
  });

  it("the same payment seen again as a different event (checkout.session.completed) grants nothing more", async () => {
    const userId = await referredMemberless();
    const id = await buy(userId, 1000, package10);
    const session = {
      id: `cs_${id.slice(3)}`,
      object: "checkout.session",
      mode: "payment",
      status: "complete",
      payment_status: "paid",
      payment_intent: id,
      customer: null,
      subscription: null,
      amount_total: 1000,
      currency: "usd",
      metadata: { memberpulse_user_id: userId, memberpulse_price_id: package10 },
    };
    expect(await send(makeEvent("checkout.session.completed", session, { created: nextCreated() }))).toBe(200);
    expect(await balance(userId)).toBe(1000);
  });

  it("a payment naming another tenant in its metadata grants nothing here", async () => {
    const userId = await referredMemberless();
    const event = paymentSucceeded({ id: piId(), amount: 1000, tenantId: "00000000-0000-0000-0000-000000000000", userId, priceId: package10 });
    expect(await send(event)).toBe(200);
    expect(await balance(userId)).toBe(0);
  });
});

/** A plain member of the tenant, with no referral. */
async function referredMemberless(): Promise<string> {
  const result = await joinTenant(db, { tenantId, input: { name: "Plain", email: `plain-${joined++}-${tenantId.slice(0, 8)}@example.test`, password: "long enough password" } });
  if (!result.ok) throw new Error(result.error);
  expect(result.referred).toBe(false);
  return result.userId;
}

describe("referrals", () => {
  it("a referred member's first $10 purchase: member +2,000, referrer +1,000; a second purchase: no bonus", async () => {
    const before = await balance(referrerId);
    const referred = await referredMember();
    await buy(referred, 1000, package10);
    expect(await balance(referred)).toBe(2000);
    expect(await balance(referrerId)).toBe(before + 1000);
    await buy(referred, 1000, package10);
    expect(await balance(referred)).toBe(3000);
    expect(await balance(referrerId)).toBe(before + 1000);
  });

  it("a $5 first purchase: no bonus, and a later $10 purchase is not 'first'", async () => {
    const before = await balance(referrerId);
    const referred = await referredMember();
    await buy(referred, 500, package5);
    expect(await balance(referred)).toBe(500);
    await buy(referred, 1000, package10);
    expect(await balance(referred)).toBe(1500);
    expect(await balance(referrerId)).toBe(before);
    const [row] = await db.select().from(referrals).where(and(eq(referrals.tenantId, tenantId), eq(referrals.referredUserId, referred)));
    expect(row?.status).toBe("not_qualified");
  });

  it("two first purchases completing concurrently pay the bonuses once", async () => {
    const before = await balance(referrerId);
    const referred = await referredMember();
    await Promise.all([buy(referred, 1000, package10), buy(referred, 1000, package10)]);
    expect(await balance(referred)).toBe(3000);
    expect(await balance(referrerId)).toBe(before + 1000);
  });

  it("a Checkout Session seen before its intent: its card is retrieved (intent, then PaymentMethod); the same card in a second account is flagged", async () => {
    const before = await balance(referrerId);
    const fingerprint = `fp${piId().slice(3, 15)}`;
    async function payByCheckout(userId: string) {
      const id = piId();
      const pm = `pm_${id.slice(3)}`;
      const stripe = fixedFetcher(
        new Map<string, object>([
          [id, { id, object: "payment_intent", status: "succeeded", amount: 1000, customer: null, payment_method: pm, latest_charge: null, metadata: {} }],
          [pm, { id: pm, object: "payment_method", type: "card", customer: null, card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, fingerprint } }],
        ]),
      );
      const session = { id: `cs_${id.slice(3)}`, object: "checkout.session", mode: "payment", status: "complete", payment_status: "paid", payment_intent: id, customer: null, subscription: null, amount_total: 1000, currency: "usd", metadata: { memberpulse_user_id: userId, memberpulse_price_id: package10 } };
      const event = makeEvent("checkout.session.completed", session, { created: nextCreated() });
      expect(await deliver(db, { tenantId, secret, fetchLatest: stripe }, event)).toBe(200);
      // A duplicate of the same event changes nothing and asks Stripe nothing.
      expect(await send(event)).toBe(200);
      return stripe.calls;
    }
    const first = await referredMember();
    expect(await payByCheckout(first)).toBe(2);
    expect(await balance(first)).toBe(2000);
    const second = await referredMember();
    await payByCheckout(second);
    expect(await balance(second)).toBe(1000);
    expect(await balance(referrerId)).toBe(before + 1000);
    const [row] = await db.select().from(referrals).where(and(eq(referrals.tenantId, tenantId), eq(referrals.referredUserId, second)));
    expect(row).toMatchObject({ status: "flagged", flagReason: "this card already earned a referral bonus", firstPaymentFingerprint: fingerprint });
  });

  it("paying as the referrer's Stripe customer, or as a customer that already earned a referral, is flagged", async () => {
    const before = await balance(referrerId);
    const referrersCustomer = `cus_${piId().slice(3, 17)}`;
    await db.insert(memberStripeCustomers).values({ tenantId, userId: referrerId, mode: "test", stripeCustomerId: referrersCustomer }).onConflictDoNothing();
    const [linked] = await db.select().from(memberStripeCustomers).where(and(eq(memberStripeCustomers.tenantId, tenantId), eq(memberStripeCustomers.userId, referrerId)));
    const asReferrer = await referredMember();
    await send(paymentSucceeded({ id: piId(), amount: 1000, tenantId, userId: asReferrer, priceId: package10, customer: linked!.stripeCustomerId }));
    const statusOf = async (userId: string) => (await db.select().from(referrals).where(and(eq(referrals.tenantId, tenantId), eq(referrals.referredUserId, userId))))[0];
    expect(await statusOf(asReferrer)).toMatchObject({ status: "flagged", flagReason: "paid as the referrer's Stripe customer" });

    const shared = `cus_${piId().slice(3, 17)}`;
    const [a, b] = [await referredMember(), await referredMember()];
    await send(paymentSucceeded({ id: piId(), amount: 1000, tenantId, userId: a, priceId: package10, customer: shared }));
    await send(paymentSucceeded({ id: piId(), amount: 1000, tenantId, userId: b, priceId: package10, customer: shared }));
    expect(await statusOf(a)).toMatchObject({ status: "rewarded" });
    expect(await statusOf(b)).toMatchObject({ status: "flagged", flagReason: "this Stripe customer already earned a referral bonus" });
    expect(await balance(referrerId)).toBe(before + 1000);
  });

  it("a code from another tenant does not count", async () => {
    const other = await createTestTenant(db, "other");
    const foreignCode = await getOrCreateReferralCode(db, { tenantId: other.tenant.id, userId: other.member.id });
    const result = await joinTenant(db, { tenantId, input: { name: "X", email: `foreign-${joined++}@example.test`, password: "long enough password", ref: foreignCode } });
    expect(result).toMatchObject({ ok: true, referred: false });
  });
});

describe("refunds", () => {
  it("a partial refund of $4 of $10 takes back 400 credits, once however often it arrives", async () => {
    const userId = await referredMemberless();
    const id = await buy(userId, 1000, package10);
    const refund = chargeRefunded({ paymentIntentId: id, amount: 1000, refunds: [{ id: `re_${id.slice(3)}a`, amount: 400 }] });
    await Promise.all([send(refund), send(refund), send(refund)]);
    expect(await balance(userId)).toBe(600);
    // A later refund.created for the same refund is the same refund: no second clawback.
    const refundObject = (refund.data.object as { refunds: { data: object[] } }).refunds.data[0]!;
    expect(await send(makeEvent("refund.created", refundObject, { created: nextCreated() }))).toBe(200);
    expect(await balance(userId)).toBe(600);
  });

  it("a refund rounds down to whole credits and may take the balance below zero", async () => {
    const pkg = await createCreditPackage(db, { tenantId, amount: 999, credits: 1000 });
    const userId = await referredMemberless();
    const id = await buy(userId, 999, pkg);
    const { appendCreditTx } = await import("@/lib/credits/append-credit");
    await appendCreditTx(db, { tenantId, userId, delta: -900, reason: "spend", description: "spent", idempotencyKey: `spend:${userId}:1` }, { mustStayCovered: true });
    // 333 of 999 cents → 333.33… credits → 333.
    await send(chargeRefunded({ paymentIntentId: id, amount: 999, refunds: [{ id: `re_${id.slice(3)}a`, amount: 333 }] }));
    expect(await balance(userId)).toBe(100 - 333);
  });

  it("a full refund of a referred member's first purchase reverses both bonuses", async () => {
    const before = await balance(referrerId);
    const referred = await referredMember();
    const id = await buy(referred, 1000, package10);
    expect(await balance(referred)).toBe(2000);
    // Two partial refunds: the first takes 400, the second completes the refund and reverses the bonuses.
    await send(chargeRefunded({ paymentIntentId: id, amount: 1000, refunds: [{ id: `re_${id.slice(3)}a`, amount: 400 }] }));
    expect(await balance(referred)).toBe(1600);
    expect(await balance(referrerId)).toBe(before + 1000);
    const full = chargeRefunded({ paymentIntentId: id, amount: 1000, refunds: [{ id: `re_${id.slice(3)}a`, amount: 400 }, { id: `re_${id.slice(3)}b`, amount: 600 }] });
    await Promise.all([send(full), send(full)]);
    expect(await balance(referred)).toBe(0);
    expect(await balance(referrerId)).toBe(before);
    const reasons = (await db.select().from(creditLedger).where(and(eq(creditLedger.tenantId, tenantId), eq(creditLedger.userId, referred)))).map((e) => `${e.reason}:${e.delta}`).sort();
    expect(reasons).toEqual(["purchase:1000", "referral_bonus:1000", "referral_bonus_reversal:-1000", "refund:-400", "refund:-600"].sort());
  });

  it("a partial refund of a referred first purchase keeps the bonuses", async () => {
    const before = await balance(referrerId);
    const referred = await referredMember();
    const id = await buy(referred, 1000, package10);
    await send(chargeRefunded({ paymentIntentId: id, amount: 1000, refunds: [{ id: `re_${id.slice(3)}a`, amount: 999 }] }));
    expect(await balance(referred)).toBe(2000 - 999);
    expect(await balance(referrerId)).toBe(before + 1000);
  });

  it("a refund delivered before its payment's event is still taken back once the payment arrives", async () => {
    const before = await balance(referrerId);
    const referred = await referredMember();
    const id = piId();
    const refundFirst = chargeRefunded({ paymentIntentId: id, amount: 1000, refunds: [{ id: `re_${id.slice(3)}a`, amount: 1000 }] });
    expect(await send(refundFirst)).toBe(200);
    expect(await balance(referred)).toBe(0);
    expect(await send(paymentSucceeded({ id, amount: 1000, tenantId, userId: referred, priceId: package10 }))).toBe(200);
    // Granted, bonuses paid, then the full refund applied: purchase and both bonuses are undone.
    expect(await balance(referred)).toBe(0);
    expect(await balance(referrerId)).toBe(before);
  });
});
