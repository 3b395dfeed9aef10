import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { sdkFor } from './test-helpers';

let emulator: StripeEmulator;
let account: EmulatorAccount;
let stripe: Stripe;
let monthly: Stripe.Price;
let ticket: Stripe.Price;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  account = await emulator.createAccount();
  stripe = sdkFor(emulator, account.secretKey);
  const product = await stripe.products.create({ name: 'Membership' });
  monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
  ticket = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 5000 });
});
afterAll(() => emulator.close());

const customerIn = (country: string | null) =>
  stripe.customers.create({ email: `tax-${country ?? 'none'}@example.test`, ...(country ? { address: { country, postal_code: '10115' } } : {}) });

describe('Stripe Tax (fixed rates: US 8.25 %, GB 20 %, DE 19 %, else 0)', () => {
  it('a tax calculation adds tax by country and a PaymentIntent must charge its amount_total', async () => {
    const cases: [string, number][] = [['US', 8250], ['GB', 20000], ['DE', 19000], ['FR', 0]];
    for (const [country, tax] of cases) {
      const calc = await stripe.tax.calculations.create({ currency: 'usd', line_items: [{ amount: 100_000, reference: 'item' }], customer_details: { address: { country }, address_source: 'billing' } });
      expect([country, calc.tax_amount_exclusive, calc.amount_total]).toEqual([country, tax, 100_000 + tax]);
    }
    const customer = await customerIn('DE');
    const calc = await stripe.tax.calculations.create({ currency: 'usd', customer: customer.id, line_items: [{ amount: 5000, reference: 'ticket' }] });
    expect(calc.tax_amount_exclusive).toBe(950);
    expect(calc.tax_breakdown[0]?.tax_rate_details.percentage_decimal).toBe('19.0');

    const wrong = stripe.paymentIntents.create({ amount: 5000, currency: 'usd', customer: customer.id, hooks: { inputs: { tax: { calculation: calc.id! } } } });
    await expect(wrong).rejects.toMatchObject({ param: 'hooks[inputs][tax][calculation]' });
    const pi = await stripe.paymentIntents.create({ amount: 5950, currency: 'usd', customer: customer.id, hooks: { inputs: { tax: { calculation: calc.id! } } } });
    expect(pi.hooks?.inputs?.tax?.calculation).toBe(calc.id);
  });

  it('a calculation for a customer without an address is refused', async () => {
    const customer = await customerIn(null);
    await expect(stripe.tax.calculations.create({ currency: 'usd', customer: customer.id, line_items: [{ amount: 5000, reference: 'x' }] })).rejects.toMatchObject({
      code: 'customer_tax_location_invalid',
    });
  });

  it('a subscription with automatic_tax bills tax on its invoices (total_taxes), and needs an address', async () => {
    const nowhere = await customerIn(null);
    await expect(
      stripe.subscriptions.create({ customer: nowhere.id, items: [{ price: monthly.id }], automatic_tax: { enabled: true }, payment_behavior: 'default_incomplete' }),
    ).rejects.toMatchObject({ code: 'customer_tax_location_invalid' });

    const customer = await customerIn('GB');
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      automatic_tax: { enabled: true },
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice.confirmation_secret'],
    });
    expect(sub.automatic_tax.enabled).toBe(true);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.automatic_tax).toMatchObject({ enabled: true, status: 'complete' });
    expect([invoice.subtotal, invoice.total_excluding_tax, invoice.total, invoice.amount_due]).toEqual([2000, 2000, 2400, 2400]);
    expect(invoice.total_taxes).toEqual([expect.objectContaining({ amount: 400, taxable_amount: 2000, tax_behavior: 'exclusive', type: 'tax_rate_details' })]);
    const pi = await stripe.paymentIntents.retrieve(invoice.confirmation_secret!.client_secret.split('_secret_')[0]!);
    expect(pi.amount).toBe(2400);
  });

  it('without automatic_tax nothing is taxed, whatever the address', async () => {
    const customer = await customerIn('US');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], payment_behavior: 'default_incomplete', expand: ['latest_invoice'] });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect([invoice.total, invoice.total_taxes]).toEqual([2000, []]);
  });

  it('an invoice with automatic_tax taxes its lines; a Checkout Session shows tax in total_details', async () => {
    const customer = await customerIn('US');
    const invoice = await stripe.invoices.create({ customer: customer.id, automatic_tax: { enabled: true }, collection_method: 'send_invoice', days_until_due: 7 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 10_000, currency: 'usd', description: 'Coaching' });
    const taxed = await stripe.invoices.retrieve(invoice.id!);
    expect([taxed.total_excluding_tax, taxed.total, taxed.total_taxes?.[0]?.amount]).toEqual([10_000, 10_825, 825]);

    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      ui_mode: 'embedded_page',
      return_url: 'http://localhost/return',
      customer: customer.id,
      line_items: [{ price: ticket.id, quantity: 1 }],
      automatic_tax: { enabled: true },
    });
    expect([session.amount_subtotal, session.total_details?.amount_tax, session.amount_total]).toEqual([5000, 413, 5413]);
  });
});
