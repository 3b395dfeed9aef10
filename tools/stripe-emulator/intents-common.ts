// Rules shared by PaymentIntents and SetupIntents: the client_secret check for publishable-key
// (browser) calls, picking the PaymentMethod on confirm, and the 3-D Secure next_action shape. (The
// endive ban on `payment_method_types` is answered by validation/retired.ts.)
import type Stripe from 'stripe';
import type { RequestContext } from './context';
import { invalidRequest, noSuch } from './errors';
import { optBool, optObject, optString } from './form';
import { createCardPaymentMethod, requirePaymentMethod } from './routes/payment-methods';

/** A publishable key may touch an intent only by presenting its client_secret (as Stripe.js does). */
export function checkClientSecret(ctx: RequestContext, intent: { id: string; client_secret: string | null }, kind: string): void {
  if (ctx.keyKind !== 'publishable') return;
  const given = optString(ctx.params, 'client_secret');
  if (!given) throw invalidRequest(`A client_secret is required to access this ${kind} with a publishable key.`, { param: 'client_secret' });
  if (given !== intent.client_secret) {
    throw invalidRequest(`The client_secret provided does not match the client_secret associated with the ${kind}.`, {
      param: 'client_secret',
      code: 'resource_missing',
    });
  }
}

export function findForBrowser<T>(ctx: RequestContext, map: Map<string, T>, id: string, kind: string): T {
  const found = map.get(id);
  if (!found) throw noSuch(kind, id, 'intent');
  return found;
}

/** payment_method (id or pm_card_* token) > payment_method_data (raw card) > already on the intent. */
export function pickPaymentMethod(ctx: RequestContext, current: string | Stripe.PaymentMethod | null): Stripe.PaymentMethod | undefined {
  const id = optString(ctx.params, 'payment_method');
  if (id) return requirePaymentMethod(ctx, id, 'payment_method');
  const data = optObject(ctx.params, 'payment_method_data');
  if (data) return createCardPaymentMethod(ctx, data, 'payment_method_data[');
  if (typeof current === 'string') return requirePaymentMethod(ctx, current, 'payment_method');
  return current ?? undefined;
}

export function checkOwnership(pm: Stripe.PaymentMethod, customer: string | null): void {
  const owner = typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null);
  if (owner && owner !== customer) {
    throw invalidRequest(
      `The provided PaymentMethod ${pm.id} is attached to another Customer. To use it, confirm with the Customer it is attached to.`,
      { param: 'payment_method' },
    );
  }
}

/** Where a redirect_to_url next_action sends the customer: the emulator's hosted 3-D Secure page. */
export function hostedAuthenticationUrl(baseUrl: string, intentId: string, returnUrl: string): string {
  return `${baseUrl}/_emulator/hosted/3ds/${intentId}?return_url=${encodeURIComponent(returnUrl)}`;
}

/**
 * The 3-D Secure next_action, as Stripe chooses it: `use_stripe_sdk` when the confirm said
 * `use_stripe_sdk=true` (Stripe.js always does) or gave no return_url; otherwise
 * `redirect_to_url` to a hosted authentication page that comes back to the return_url.
 */
export function threeDSecureAction(ctx: RequestContext, intentId: string): Pick<Stripe.PaymentIntent.NextAction, 'type' | 'redirect_to_url' | 'use_stripe_sdk'> {
  const returnUrl = optString(ctx.params, 'return_url');
  if (returnUrl && optBool(ctx.params, 'use_stripe_sdk') !== true) {
    return { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url: hostedAuthenticationUrl(ctx.baseUrl, intentId, returnUrl) } };
  }
  return {
    type: 'use_stripe_sdk',
    use_stripe_sdk: {
      type: 'three_d_secure_redirect',
      stripe_js: `${ctx.baseUrl}/v1/${intentId.startsWith('seti_') ? 'setup_intents' : 'payment_intents'}/${intentId}/_authenticate`,
      source: `src_${intentId.slice(-20)}`,
    },
  };
}

export const AUTH_FAILURE_MESSAGE =
  'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

export function authOutcome(ctx: RequestContext): 'approve' | 'fail' {
  const outcome = optString(ctx.params, 'outcome') ?? 'approve';
  if (outcome !== 'approve' && outcome !== 'fail') throw invalidRequest('outcome must be "approve" or "fail"', { param: 'outcome' });
  return outcome;
}
