// Proration for a price change mid-period, as Stripe computes it for `proration_behavior`
// create_prorations / always_invoice: a credit for the unused time on the old price and a charge
// for the remaining time on the new one, both scaled by the seconds left in the item's period.
import type Stripe from 'stripe';
import type { LineInput } from './invoice-objects';

export function prorationLines(
  item: Stripe.SubscriptionItem,
  newPrice: Stripe.Price,
  at: number,
  subscriptionId: string,
): LineInput[] {
  const start = item.current_period_start;
  const end = item.current_period_end;
  const fraction = end > start ? Math.max(0, Math.min(1, (end - at) / (end - start))) : 0;
  const qty = item.quantity ?? 1;
  const oldAmount = Math.round((item.price.unit_amount ?? 0) * qty * fraction);
  const newAmount = Math.round((newPrice.unit_amount ?? 0) * qty * fraction);
  const period = { start: at, end };
  return [
    { amount: -oldAmount, description: `Unused time on ${item.price.nickname ?? item.price.id}`, price: item.price, quantity: qty, period, subscription: subscriptionId, subscriptionItem: item.id, proration: true },
    { amount: newAmount, description: `Remaining time on ${newPrice.nickname ?? newPrice.id}`, price: newPrice, quantity: qty, period, subscription: subscriptionId, subscriptionItem: item.id, proration: true },
  ];
}
