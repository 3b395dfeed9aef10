import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { sdkFor } from './test-helpers';

let emulator: StripeEmulator;
let account: EmulatorAccount;
let stripe: Stripe;
let monthly: Stripe.Price;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  account = await emulator.createAccount();
  stripe = sdkFor(emulator, account.secretKey);
  const product = await stripe.products.create({ name: 'Membership' });
  monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
});
afterAll(() => emulator.close());

const DAY = 86400;
const advance = (seconds: number) => fetch(`${emulator.url}/_emulator/clock/advance`, { method: 'POST', body: JSON.stringify({ account: account.id, seconds }) });

async function subscribeWith(promotionCode: string) {
  const customer = await stripe.customers.create({ email: 'promo@example.test' });
  return stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: monthly.id }],
    discounts: [{ promotion_code: promotionCode }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret'],
  });
}

describe('coupons and promotion codes', () => {
  it('a promotion code names its coupon under promotion; a subscription with it gets a discounted first invoice', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'repeating', duration_in_months: 2, name: 'Spring' });
    const promo = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SPRING25', max_redemptions: 5 });
    expect(promo.promotion).toEqual({ type: 'coupon', coupon: coupon.id });
    expect((await stripe.promotionCodes.list({ code: 'spring25' })).data.map((p) => p.id)).toEqual([promo.id]);

    const sub = await subscribeWith(promo.id);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.subtotal).toBe(2000);
    expect(invoice.total).toBe(1500);
    expect(invoice.amount_due).toBe(1500);
    expect(invoice.total_discount_amounts?.[0]?.amount).toBe(500);
    const pi = await stripe.paymentIntents.retrieve(invoice.confirmation_secret!.client_secret.split('_secret_')[0]!);
    expect(pi.amount).toBe(1500);
    expect((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    expect((await stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);

    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    await advance(32 * DAY);
    const second = (await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] })).latest_invoice as Stripe.Invoice;
    expect(second.amount_paid).toBe(1500);
    await advance(31 * DAY);
    const third = (await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] })).latest_invoice as Stripe.Invoice;
    expect(third.amount_paid).toBe(2000);
  });

  it('refuses expired, used-up and inactive codes, and amount_off in another currency', async () => {
    const coupon = await stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'once' });
    const once = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'ONCE', max_redemptions: 1 });
    const first = await subscribeWith(once.id);
    expect((first.latest_invoice as Stripe.Invoice).amount_due).toBe(1500);
    await expect(subscribeWith(once.id)).rejects.toMatchObject({ param: 'discounts[0][promotion_code]', message: expect.stringMatching(/maximum number of redemptions/) });

    const soon = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SOON', expires_at: Math.floor(Date.now() / 1000) + 3600 });
    await advance(2 * 3600);
    await expect(subscribeWith(soon.id)).rejects.toMatchObject({ message: expect.stringMatching(/expired/) });

    const off = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'OFF' });
    await stripe.promotionCodes.update(off.id, { active: false });
    await expect(subscribeWith(off.id)).rejects.toMatchObject({ message: expect.stringMatching(/inactive/) });

    const eur = await stripe.coupons.create({ amount_off: 500, currency: 'eur', duration: 'once' });
    const eurCode = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: eur.id }, code: 'EURO' });
    await expect(subscribeWith(eurCode.id)).rejects.toMatchObject({ message: expect.stringMatching(/currency/) });
    await expect(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: eur.id }, code: 'euro' })).rejects.toMatchObject({ code: 'resource_already_exists' });
  });

  it('Checkout: allow_promotion_codes lets the customer type a code on the page; discounts[] applies one up front; both at once is refused', async () => {
    const product = await stripe.products.create({ name: 'Ticket' });
    const ticket = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 4000 });
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once' });
    const promo = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'CHECKOUT10' });
    const customer = await stripe.customers.create({ email: 'checkout@example.test' });
    const base = { ui_mode: 'embedded_page' as const, return_url: 'http://localhost/return', customer: customer.id };
    await expect(
      stripe.checkout.sessions.create({ ...base, mode: 'payment', line_items: [{ price: ticket.id, quantity: 1 }], allow_promotion_codes: true, discounts: [{ promotion_code: promo.id }] }),
    ).rejects.toMatchObject({ param: 'discounts' });

    const open = await stripe.checkout.sessions.create({ ...base, mode: 'payment', line_items: [{ price: ticket.id, quantity: 1 }], allow_promotion_codes: true });
    expect(open.allow_promotion_codes).toBe(true);
    const done = await fetch(`${emulator.url}/v1/checkout/sessions/${open.id}/_complete`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${account.secretKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payment_method: 'pm_card_visa', promotion_code: 'checkout10' }),
    }).then((r) => r.json() as Promise<Stripe.Checkout.Session>);
    expect(done).toMatchObject({ status: 'complete', amount_subtotal: 4000, amount_total: 3600, total_details: { amount_discount: 400 } });
    expect((await stripe.paymentIntents.retrieve(done.payment_intent as string)).amount).toBe(3600);
    expect((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);

    const upFront = await stripe.checkout.sessions.create({ ...base, mode: 'subscription', line_items: [{ price: monthly.id, quantity: 1 }], discounts: [{ promotion_code: promo.id }] });
    expect(upFront.amount_total).toBe(1800);
  });
});

describe('coupon changes and their events', () => {
  it('renaming and deleting a coupon, and switching a code off, emit coupon.updated, coupon.deleted and promotion_code.updated', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once', name: 'Autumn' });
    const promo = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'AUTUMN10' });
    expect((await stripe.coupons.update(coupon.id, { name: 'Autumn sale' })).name).toBe('Autumn sale');
    expect((await stripe.promotionCodes.update(promo.id, { active: false })).active).toBe(false);
    expect(await stripe.coupons.del(coupon.id)).toEqual({ id: coupon.id, object: 'coupon', deleted: true });
    // Gone for the API, as in Stripe.
    expect(await stripe.coupons.retrieve(coupon.id).catch((e: Stripe.errors.StripeError) => e.statusCode)).toBe(404);

    const events = (await stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { id?: string }).id === coupon.id || (e.data.object as { id?: string }).id === promo.id);
    const byType = new Map(events.map((e) => [e.type, e]));
    expect(byType.get('coupon.updated')?.data).toMatchObject({ object: { name: 'Autumn sale' }, previous_attributes: { name: 'Autumn' } });
    expect(byType.get('promotion_code.updated')?.data).toMatchObject({ object: { active: false }, previous_attributes: { active: true } });
    expect(byType.get('coupon.deleted')?.data.object).toMatchObject({ id: coupon.id, object: 'coupon', name: 'Autumn sale' });
  });
});
