// Coupons and promotion codes applied to subscriptions, as Stripe does it: a subscription created
// with `discounts[0][promotion_code]` (or `[coupon]`) gets a Discount (`di_…`) whose source is the
// coupon; every invoice of the subscription while the discount lasts carries it — `discounts`,
// `total_discount_amounts`, each line's `discount_amounts`, and a lower total and amount_due.
// `once` ends after the first invoice with something to discount (a $0 trial invoice keeps it),
// `repeating` after duration_in_months, `forever` never. Redeeming counts `times_redeemed` on the
// code and the coupon; an inactive, expired or used-up code is refused with a 400 naming the param.
import type Stripe from 'stripe';
import type { RequestContext } from '../context';
import { invalidRequest, noSuch } from '../errors';
import { newId } from '../ids';
import { recomputeTotals, type StoredInvoice } from './invoice-objects';
import { addInterval, billingOf, clockNow } from './state';

const idOf = (ref: string | { id: string } | null | undefined): string | undefined => (typeof ref === 'string' ? ref : ref?.id);

/** Whether the coupon can still be redeemed (Stripe's `valid`). */
export function couponValid(ctx: RequestContext, coupon: Stripe.Coupon): boolean {
  const now = clockNow(ctx.state);
  if (coupon.redeem_by !== null && coupon.redeem_by <= now) return false;
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) return false;
  return true;
}

export function requireCoupon(ctx: RequestContext, id: string, param = 'id'): Stripe.Coupon {
  const coupon = billingOf(ctx.state).coupons.get(id);
  if (!coupon) throw noSuch('coupon', id, param);
  coupon.valid = couponValid(ctx, coupon);
  return coupon;
}

/** The coupon a promotion code may redeem now for this customer and currency, or a 400 saying why not. */
export function redeemablePromotion(ctx: RequestContext, id: string, param: string, customer: string, currency: string): { promo: Stripe.PromotionCode; coupon: Stripe.Coupon } {
  const promo = billingOf(ctx.state).promotionCodes.get(id);
  if (!promo) throw noSuch('promotion code', id, param);
  const now = clockNow(ctx.state);
  if (!promo.active) throw invalidRequest(`This promotion code is inactive.`, { param, code: 'promotion_code_inactive' });
  if (promo.expires_at !== null && promo.expires_at <= now) throw invalidRequest(`This promotion code has expired.`, { param, code: 'promotion_code_expired' });
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions) {
    throw invalidRequest(`This promotion code has reached its maximum number of redemptions.`, { param, code: 'promotion_code_max_redemptions' });
  }
  const promoCustomer = idOf(promo.customer);
  if (promoCustomer && promoCustomer !== customer) throw invalidRequest(`This promotion code cannot be redeemed by this customer.`, { param });
  const coupon = requireCoupon(ctx, idOf(promo.promotion.coupon) ?? '', param);
  checkCoupon(ctx, coupon, param, currency);
  return { promo, coupon };
}

function checkCoupon(ctx: RequestContext, coupon: Stripe.Coupon, param: string, currency: string): void {
  if (!couponValid(ctx, coupon)) throw invalidRequest(`Coupon is not valid: ${coupon.id}`, { param, code: 'coupon_expired' });
  if (coupon.amount_off !== null && coupon.currency !== currency) {
    throw invalidRequest(`The coupon's currency (${coupon.currency ?? ''}) does not match the currency of the subscription (${currency}).`, { param });
  }
}

/** What a coupon takes off an amount in its currency. */
export function discountOnAmount(coupon: Stripe.Coupon, amount: number): number {
  return coupon.percent_off !== null ? Math.round((amount * coupon.percent_off) / 100) : Math.min(coupon.amount_off ?? 0, amount);
}

/** The active promotion code a customer typed (case-insensitive), as Checkout's page looks it up. */
export function promotionByCode(ctx: RequestContext, code: string): Stripe.PromotionCode | undefined {
  return [...billingOf(ctx.state).promotionCodes.values()].find((p) => p.active && p.code.toUpperCase() === code.toUpperCase());
}

/** Redeems a code for a one-time payment (Checkout payment mode): counts it. */
export function redeemForPayment(ctx: RequestContext, promo: Stripe.PromotionCode): void {
  promo.times_redeemed += 1;
  const coupon = billingOf(ctx.state).coupons.get(idOf(promo.promotion.coupon) ?? '');
  if (coupon) {
    coupon.times_redeemed += 1;
    coupon.valid = couponValid(ctx, coupon);
  }
}

/** Parses `discounts[0][promotion_code|coupon]` and redeems it into a Discount on the subscription. */
export function discountFromParams(ctx: RequestContext, p: Record<string, unknown>, sub: Stripe.Subscription, customer: string): void {
  const list = p.discounts;
  if (list === undefined || list === '') return;
  if (!Array.isArray(list)) throw invalidRequest('Invalid array', { param: 'discounts' });
  const first = list[0] as Record<string, unknown> | undefined;
  if (!first) return;
  if (list.length > 1) throw invalidRequest('Only one discount per subscription is supported here.', { param: 'discounts' });
  const promoId = typeof first.promotion_code === 'string' ? first.promotion_code : undefined;
  const couponId = typeof first.coupon === 'string' ? first.coupon : undefined;
  let coupon: Stripe.Coupon;
  let promo: Stripe.PromotionCode | null = null;
  if (promoId) {
    ({ promo, coupon } = redeemablePromotion(ctx, promoId, 'discounts[0][promotion_code]', customer, sub.currency));
  } else if (couponId) {
    coupon = requireCoupon(ctx, couponId, 'discounts[0][coupon]');
    checkCoupon(ctx, coupon, 'discounts[0][coupon]', sub.currency);
  } else {
    return;
  }
  const now = clockNow(ctx.state);
  const discount: Stripe.Discount = {
    id: newId('di'),
    object: 'discount',
    checkout_session: null,
    customer,
    customer_account: null,
    end: coupon.duration === 'repeating' && coupon.duration_in_months ? addInterval(now, 'month', coupon.duration_in_months) : null,
    invoice: null,
    invoice_item: null,
    promotion_code: promo?.id ?? null,
    source: { coupon: coupon.id, type: 'coupon' },
    start: now,
    subscription: sub.id,
    subscription_item: null,
  };
  billingOf(ctx.state).discounts.set(discount.id, discount);
  coupon.times_redeemed += 1;
  coupon.valid = couponValid(ctx, coupon);
  if (promo) promo.times_redeemed += 1;
  sub.discounts = [discount.id];
}

/** Applies the subscription's live discount to a draft invoice (before finalizing). */
export function applyDiscounts(ctx: RequestContext, sub: Stripe.Subscription, invoice: StoredInvoice): void {
  const b = billingOf(ctx.state);
  const discountId = idOf(sub.discounts[0]);
  const discount = discountId ? b.discounts.get(discountId) : undefined;
  if (!discount) return;
  const now = clockNow(ctx.state);
  if (discount.end !== null && discount.end <= now) {
    sub.discounts = [];
    return;
  }
  // A deleted coupon keeps discounting where it was applied (Stripe: deletion only stops new redemptions).
  const couponId = idOf(discount.source.coupon) ?? '';
  const coupon = b.coupons.get(couponId) ?? b.deletedCoupons.get(couponId);
  if (!coupon) return;
  const subtotal = invoice.lines.data.reduce((sum, l) => sum + l.amount, 0);
  if (subtotal <= 0) return;
  let remaining = coupon.percent_off !== null ? Math.round((subtotal * coupon.percent_off) / 100) : Math.min(coupon.amount_off ?? 0, subtotal);
  const total = remaining;
  for (const line of invoice.lines.data) {
    const share = Math.min(line.amount, remaining);
    if (share <= 0) continue;
    line.discounts = [discount.id];
    line.discount_amounts = [{ amount: share, discount: discount.id }];
    remaining -= share;
  }
  invoice.discounts = [discount.id];
  invoice.total_discount_amounts = [{ amount: total, discount: discount.id }];
  recomputeTotals(invoice);
  // A `once` coupon is spent on the first invoice it discounted.
  if (coupon.duration === 'once') sub.discounts = [];
}
