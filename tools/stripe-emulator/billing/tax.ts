// Stripe Tax, emulated with fixed rates by the customer's country (US 8.25 %, GB 20 %, DE 19 %,
// anywhere else 0 %, "not collecting"): tax calculations for PaymentIntents, and `automatic_tax` on
// subscriptions, invoices and Checkout Sessions. Like Stripe, automatic tax needs a location: a
// customer without an address country is refused with `customer_tax_location_invalid`.
import type Stripe from 'stripe';
import { invalidRequest } from '../errors';
import { optBool, optObject, optString, type Params } from '../form';

/** Rates in basis points (8.25 % = 825), with the tax Stripe names for them. */
const RATES: Record<string, { bps: number; taxType: 'sales_tax' | 'vat' }> = {
  US: { bps: 825, taxType: 'sales_tax' },
  GB: { bps: 2000, taxType: 'vat' },
  DE: { bps: 1900, taxType: 'vat' },
};

export type TaxRate = { country: string; bps: number; taxType: 'sales_tax' | 'vat' | null };

export function taxRateFor(country: string): TaxRate {
  const rate = RATES[country.toUpperCase()];
  return rate ? { country: country.toUpperCase(), ...rate } : { country: country.toUpperCase(), bps: 0, taxType: null };
}

/** Tax on an amount that excludes it, rounded half up to the minor unit as Stripe does. */
export function exclusiveTax(amount: number, rate: TaxRate): number {
  return Math.round((amount * rate.bps) / 10_000);
}

/** The tax already inside an inclusive amount. */
export function inclusiveTax(amount: number, rate: TaxRate): number {
  return amount - Math.round((amount * 10_000) / (10_000 + rate.bps));
}

export function percentageDecimal(rate: TaxRate): string {
  return (rate.bps / 100).toFixed(rate.bps % 100 === 0 ? 1 : 2);
}

/** `automatic_tax[enabled]` of a create request. */
export function automaticTaxRequested(p: Params): boolean {
  const at = optObject(p, 'automatic_tax');
  return at ? (optBool(at, 'enabled') ?? false) : false;
}

/** Stripe refuses automatic tax for a customer it cannot locate. */
export function requireTaxLocation(customer: Stripe.Customer | null): Stripe.Address & { country: string } {
  const address = customer?.address;
  if (!address?.country) {
    throw invalidRequest(
      'The customer address is not valid for tax calculation. Add a valid address (at least a country) to the customer, or disable automatic_tax.',
      { param: 'customer', code: 'customer_tax_location_invalid' },
    );
  }
  return { ...address, country: address.country };
}

export function enabledAutomaticTax(): { enabled: true; liability: { type: 'self' }; provider: 'stripe'; status: 'complete' } {
  return { enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'complete' };
}

/** The stable tax rate id invoices name in `total_taxes[].tax_rate_details.tax_rate`. */
export function taxRateId(rate: TaxRate): string {
  return `txr_emulator_${rate.country.toLowerCase()}`;
}

/** The tax of an invoice whose `automatic_tax` is on, from the address it was built for. */
export function invoiceTaxes(invoice: Stripe.Invoice, taxable: number): Stripe.Invoice.TotalTax[] {
  const country = invoice.customer_address?.country;
  if (!invoice.automatic_tax.enabled || !country) return [];
  const rate = taxRateFor(country);
  return [
    {
      amount: exclusiveTax(Math.max(0, taxable), rate),
      tax_behavior: 'exclusive',
      tax_rate_details: { tax_rate: taxRateId(rate) },
      taxability_reason: rate.bps > 0 ? 'standard_rated' : 'not_collecting',
      taxable_amount: Math.max(0, taxable),
      type: 'tax_rate_details',
    },
  ];
}

/** An `address` parameter (customer, tax calculation): `''` unsets it; a country is required. */
export function addressParam(p: Params, key: string): Stripe.Address | null | undefined {
  if (p[key] === '') return null;
  const a = optObject(p, key);
  if (!a) return undefined;
  const field = (name: string): string | null => {
    const v = optString(a, name);
    return v === undefined || v === '' ? null : v;
  };
  const country = field('country');
  if (country !== null && !/^[A-Za-z]{2}$/.test(country)) throw invalidRequest(`Invalid country: ${country}`, { param: `${key}[country]` });
  return { city: field('city'), country: country?.toUpperCase() ?? null, line1: field('line1'), line2: field('line2'), postal_code: field('postal_code'), state: field('state') };
}
