// /v1/tax/calculations: create and retrieve a Stripe Tax calculation at the emulator's fixed rates
// (billing/tax.ts). The location is `customer_details[address]`, else the customer's address; a
// calculation without one is refused (`customer_tax_location_invalid`). A PaymentIntent created with
// `hooks[inputs][tax][calculation]` must charge exactly the calculation's `amount_total`.
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { optInt, optObject, optString, type Params } from '../form';
import { newId } from '../ids';
import { billingOf, clockNow } from '../billing/state';
import { addressParam, exclusiveTax, inclusiveTax, percentageDecimal, requireTaxLocation, taxRateFor } from '../billing/tax';
import { requireCustomer } from './customers';

type StoredCalculation = Stripe.Tax.Calculation & { id: string };

const CALCULATION_LIFETIME_S = 90 * 86400;

function lineItemsOf(p: Params): Params[] {
  const items = p.line_items;
  if (!Array.isArray(items) || items.length === 0) throw missingParam('line_items');
  return items.map((item, i) => {
    if (typeof item !== 'object' || Array.isArray(item)) throw invalidRequest('Invalid object', { param: `line_items[${i}]` });
    return item;
  });
}

function create(ctx: RequestContext): StoredCalculation {
  const p = ctx.params;
  const currency = (optString(p, 'currency') ?? '').toLowerCase();
  if (!currency) throw missingParam('currency');
  const customerId = optString(p, 'customer');
  const customer = customerId ? requireCustomer(ctx, customerId) : null;
  const details = optObject(p, 'customer_details');
  const given = details ? addressParam(details, 'address') : undefined;
  if (customerId && details) throw invalidRequest('You may only specify one of these parameters: customer, customer_details.', { param: 'customer_details' });
  const address = given?.country ? { ...given, country: given.country } : requireTaxLocation(customer);
  const rate = taxRateFor(address.country);
  let exclusive = 0;
  let inclusive = 0;
  let taxable = 0;
  let total = 0;
  lineItemsOf(p).forEach((item, i) => {
    const amount = optInt(item, 'amount');
    if (amount === undefined) throw missingParam(`line_items[${i}][amount]`);
    if (amount < 0) throw invalidRequest('This value must be greater than or equal to 0.', { param: `line_items[${i}][amount]` });
    if (optString(item, 'tax_behavior') === 'inclusive') {
      const tax = inclusiveTax(amount, rate);
      inclusive += tax;
      taxable += amount - tax;
      total += amount;
    } else {
      const tax = exclusiveTax(amount, rate);
      exclusive += tax;
      taxable += amount;
      total += amount + tax;
    }
  });
  const now = clockNow(ctx.state);
  const calculation: StoredCalculation = {
    id: newId('taxcalc'),
    object: 'tax.calculation',
    amount_total: total,
    currency,
    customer: customer?.id ?? null,
    customer_details: { address, address_source: 'billing', ip_address: null, tax_ids: [], taxability_override: 'none' },
    expires_at: now + CALCULATION_LIFETIME_S,
    livemode: ctx.livemode,
    ship_from_details: null,
    shipping_cost: null,
    tax_amount_exclusive: exclusive,
    tax_amount_inclusive: inclusive,
    tax_breakdown: [
      {
        amount: exclusive + inclusive,
        inclusive: inclusive > 0 && exclusive === 0,
        tax_rate_details: { country: rate.country, flat_amount: null, percentage_decimal: percentageDecimal(rate), rate_type: 'percentage', state: null, tax_type: rate.taxType },
        taxability_reason: rate.bps > 0 ? 'standard_rated' : 'not_collecting',
        taxable_amount: taxable,
      },
    ],
    tax_date: optInt(p, 'tax_date') ?? now,
  };
  billingOf(ctx.state).taxCalculations.set(calculation.id, calculation);
  return calculation;
}

export function requireTaxCalculation(ctx: RequestContext, id: string, param = 'id'): StoredCalculation {
  const calculation = billingOf(ctx.state).taxCalculations.get(id);
  if (!calculation) throw noSuch('tax.calculation', id, param);
  return calculation;
}

export const taxCalculationRoutes: Route[] = [
  route('POST', '/v1/tax/calculations', create),
  route('GET', '/v1/tax/calculations/:id', (ctx, id) => requireTaxCalculation(ctx, id)),
];
