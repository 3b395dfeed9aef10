// Proration for a price change mid-period, as Stripe computes it for `proration_behavior`
// create_prorations / always_invoice: a credit for the unused time on the old price and a charge
// for the remaining time on the new one, both scaled by the seconds left in the item's period.
import type Stripe from 'stripe';
import type { LineInput } from './invoice-objects';

/** "02 Dec 2026", the date format of Stripe's proration line descriptions (UTC). */
function stripeDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${String(d.getUTCDate()).padStart(2, '0')} ${d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${d.getUTCFullYear()}`;
}

/**
 * Stripe describes proration lines by PRODUCT name, never by price id: "Unused time on Gold after
 * 02 Dec 2026", "Remaining time on 2 × Platinum after 02 Dec 2026".
 */
export function prorationLines(
  item: Stripe.SubscriptionItem,
  newPrice: Stripe.Price,
  at: number,
  subscriptionId: string,
  productNameOf: (price: Stripe.Price) => string,
): LineInput[] {
  const start = item.current_period_start;
  const end = item.current_period_end;
  const fraction = end > start ? Math.max(0, Math.min(1, (end - at) / (end - start))) : 0;
  const qty = item.quantity ?? 1;
  const oldAmount = Math.round((item.price.unit_amount ?? 0) * qty * fraction);
  const newAmount = Math.round((newPrice.unit_amount ?? 0) * qty * fraction);
  const period = { start: at, end };
  const describe = (what: string, price: Stripe.Price) => `${what} on ${qty > 1 ? `${qty} × ` : ''}${productNameOf(price)} after ${stripeDate(at)}`;
  return [
    { amount: -oldAmount, description: describe('Unused time', item.price), price: item.price, quantity: qty, period, subscription: subscriptionId, subscriptionItem: item.id, proration: true },
    { amount: newAmount, description: describe('Remaining time', newPrice), price: newPrice, quantity: qty, period, subscription: subscriptionId, subscriptionItem: item.id, proration: true },
  ];
}
