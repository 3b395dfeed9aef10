// /v1/coupons and /v1/promotion_codes: create, retrieve, list (promotion codes by code / coupon /
// active), deactivate a promotion code, update (name, metadata) and delete a coupon — each change
// emits its event (coupon.updated, coupon.deleted, promotion_code.updated) as Stripe does. Since API 2025 a promotion code names its coupon under
// `promotion: { type: 'coupon', coupon }`. Codes are unique per account among active codes,
// case-insensitively, as in Stripe. Redemption happens where discounts apply (billing/discounts.ts).
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { applyExpand, registerExpandLookup } from '../expand';
import { mergeMetadata, optBool, optEnum, optInt, optObject, optString } from '../form';
import { newId, nowSeconds } from '../ids';
import { newestFirst, paginate } from '../lists';
import { couponValid, requireCoupon } from '../billing/discounts';
import { billingOf } from '../billing/state';
import { requireCustomer } from './customers';

registerExpandLookup((state, id) => {
  const b = billingOf(state);
  return id.startsWith('promo_') ? b.promotionCodes.get(id) : id.startsWith('di_') ? b.discounts.get(id) : b.coupons.get(id);
});

const DURATIONS: readonly Stripe.Coupon.Duration[] = ['once', 'repeating', 'forever'];

function optNumber(p: Record<string, unknown>, key: string): number | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n)) throw invalidRequest(`Invalid decimal: ${String(v)}`, { param: key });
  return n;
}

function createCoupon(ctx: RequestContext): Stripe.Coupon {
  const p = ctx.params;
  const percentOff = optNumber(p, 'percent_off');
  const amountOff = optInt(p, 'amount_off');
  const currency = optString(p, 'currency')?.toLowerCase();
  if ((percentOff === undefined) === (amountOff === undefined)) throw invalidRequest('You must pass exactly one of `percent_off` or `amount_off`.', { param: 'percent_off' });
  if (percentOff !== undefined && (percentOff <= 0 || percentOff > 100)) throw invalidRequest('Percent off must be between 0 and 100.', { param: 'percent_off' });
  if (amountOff !== undefined && amountOff <= 0) throw invalidRequest('Amount off must be positive.', { param: 'amount_off' });
  if (amountOff !== undefined && !currency) throw missingParam('currency');
  const duration = optEnum(p, 'duration', DURATIONS) ?? 'once';
  const months = optInt(p, 'duration_in_months');
  if (duration === 'repeating' && !months) throw missingParam('duration_in_months');
  if (duration !== 'repeating' && months !== undefined) throw invalidRequest('duration_in_months is only for repeating coupons.', { param: 'duration_in_months' });
  const maxRedemptions = optInt(p, 'max_redemptions');
  if (maxRedemptions !== undefined && maxRedemptions < 1) throw invalidRequest('max_redemptions must be positive.', { param: 'max_redemptions' });
  const redeemBy = optInt(p, 'redeem_by');
  if (redeemBy !== undefined && redeemBy <= nowSeconds()) throw invalidRequest('redeem_by must be in the future.', { param: 'redeem_by' });
  const id = optString(p, 'id') ?? newId('cpn').slice(4, 12);
  const b = billingOf(ctx.state);
  if (b.coupons.has(id)) throw invalidRequest('Coupon already exists.', { param: 'id', code: 'resource_already_exists' });
  const coupon: Stripe.Coupon = {
    id,
    object: 'coupon',
    amount_off: amountOff ?? null,
    created: nowSeconds(),
    currency: amountOff !== undefined ? (currency ?? null) : null,
    duration,
    duration_in_months: months ?? null,
    livemode: ctx.livemode,
    max_redemptions: maxRedemptions ?? null,
    metadata: mergeMetadata({}, p),
    name: optString(p, 'name') ?? null,
    percent_off: percentOff ?? null,
    redeem_by: redeemBy ?? null,
    times_redeemed: 0,
    valid: true,
  };
  b.coupons.set(id, coupon);
  ctx.emit('coupon.created', coupon);
  return coupon;
}

function createPromotionCode(ctx: RequestContext): Stripe.PromotionCode {
  const p = ctx.params;
  const promotion = optObject(p, 'promotion');
  if (!promotion) throw missingParam('promotion');
  if (optString(promotion, 'type') !== 'coupon') throw invalidRequest('Invalid promotion[type]: must be coupon', { param: 'promotion[type]' });
  const couponId = optString(promotion, 'coupon');
  if (!couponId) throw missingParam('promotion[coupon]');
  const coupon = requireCoupon(ctx, couponId, 'promotion[coupon]');
  if (!couponValid(ctx, coupon)) throw invalidRequest(`Coupon is not valid: ${coupon.id}`, { param: 'promotion[coupon]' });
  const code = optString(p, 'code') ?? newId('').slice(1, 9).toUpperCase();
  if (!/^[A-Za-z0-9-]{1,500}$/.test(code)) throw invalidRequest('Promotion codes may only contain letters, digits and dashes.', { param: 'code' });
  const b = billingOf(ctx.state);
  if ([...b.promotionCodes.values()].some((pc) => pc.active && pc.code.toUpperCase() === code.toUpperCase())) {
    throw invalidRequest('An active promotion code with `code` already exists.', { param: 'code', code: 'resource_already_exists' });
  }
  const maxRedemptions = optInt(p, 'max_redemptions');
  if (maxRedemptions !== undefined && coupon.max_redemptions !== null && maxRedemptions > coupon.max_redemptions) {
    throw invalidRequest("max_redemptions cannot be greater than the coupon's max_redemptions.", { param: 'max_redemptions' });
  }
  const expiresAt = optInt(p, 'expires_at');
  if (expiresAt !== undefined && coupon.redeem_by !== null && expiresAt > coupon.redeem_by) {
    throw invalidRequest("expires_at cannot be after the coupon's redeem_by.", { param: 'expires_at' });
  }
  const customer = optString(p, 'customer') ?? null;
  if (customer) requireCustomer(ctx, customer);
  const promo: Stripe.PromotionCode = {
    id: newId('promo'),
    object: 'promotion_code',
    active: optBool(p, 'active') ?? true,
    code,
    created: nowSeconds(),
    customer,
    customer_account: null,
    expires_at: expiresAt ?? null,
    livemode: ctx.livemode,
    max_redemptions: maxRedemptions ?? null,
    metadata: mergeMetadata({}, p),
    promotion: { coupon: coupon.id, type: 'coupon' },
    restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
    times_redeemed: 0,
  };
  b.promotionCodes.set(promo.id, promo);
  ctx.emit('promotion_code.created', promo);
  return promo;
}

function requirePromotionCode(ctx: RequestContext, id: string): Stripe.PromotionCode {
  const promo = billingOf(ctx.state).promotionCodes.get(id);
  if (!promo) throw noSuch('promotion code', id);
  return promo;
}

function updatePromotionCode(ctx: RequestContext, id: string): Stripe.PromotionCode {
  const promo = requirePromotionCode(ctx, id);
  const previous: Record<string, unknown> = {};
  const active = optBool(ctx.params, 'active');
  if (active !== undefined && active !== promo.active) {
    previous.active = promo.active;
    promo.active = active;
  }
  if (ctx.params.metadata !== undefined) {
    previous.metadata = promo.metadata;
    promo.metadata = mergeMetadata(promo.metadata ?? {}, ctx.params);
  }
  if (Object.keys(previous).length > 0) ctx.emit('promotion_code.updated', promo, previous);
  return promo;
}

function updateCoupon(ctx: RequestContext, id: string): Stripe.Coupon {
  const coupon = requireCoupon(ctx, id);
  const previous: Record<string, unknown> = {};
  const name = optString(ctx.params, 'name');
  if (name !== undefined && name !== coupon.name) {
    previous.name = coupon.name;
    coupon.name = name;
  }
  if (ctx.params.metadata !== undefined) {
    previous.metadata = coupon.metadata;
    coupon.metadata = mergeMetadata(coupon.metadata ?? {}, ctx.params);
  }
  if (Object.keys(previous).length > 0) ctx.emit('coupon.updated', coupon, previous);
  return coupon;
}

/** Stripe answers a DeletedCoupon; the coupon.deleted event carries the coupon as it was. */
function deleteCoupon(ctx: RequestContext, id: string): Stripe.DeletedCoupon {
  const coupon = requireCoupon(ctx, id);
  const b = billingOf(ctx.state);
  b.coupons.delete(id);
  b.deletedCoupons.set(id, coupon);
  ctx.emit('coupon.deleted', coupon);
  return { id, object: 'coupon', deleted: true };
}

function listPromotionCodes(ctx: RequestContext): Stripe.ApiList<Stripe.PromotionCode> {
  const code = optString(ctx.params, 'code');
  const coupon = optString(ctx.params, 'coupon');
  const active = optBool(ctx.params, 'active');
  const items = newestFirst(billingOf(ctx.state).promotionCodes).filter(
    (pc) =>
      (code === undefined || pc.code.toUpperCase() === code.toUpperCase()) &&
      (coupon === undefined || pc.promotion.coupon === coupon) &&
      (active === undefined || pc.active === active),
  );
  return paginate(items, ctx.params, '/v1/promotion_codes');
}

const expanded = <T>(ctx: RequestContext, body: T) => applyExpand(ctx.state, body, ctx.params);

export const couponRoutes: Route[] = [
  route('POST', '/v1/coupons', (ctx) => createCoupon(ctx)),
  route('GET', '/v1/coupons/:id', (ctx, id) => requireCoupon(ctx, id)),
  route('POST', '/v1/coupons/:id', (ctx, id) => updateCoupon(ctx, id)),
  route('DELETE', '/v1/coupons/:id', (ctx, id) => deleteCoupon(ctx, id)),
  route('POST', '/v1/promotion_codes', (ctx) => expanded(ctx, createPromotionCode(ctx))),
  route('GET', '/v1/promotion_codes', (ctx) => expanded(ctx, listPromotionCodes(ctx))),
  route('GET', '/v1/promotion_codes/:id', (ctx, id) => expanded(ctx, requirePromotionCode(ctx, id))),
  route('POST', '/v1/promotion_codes/:id', (ctx, id) => expanded(ctx, updatePromotionCode(ctx, id))),
];
