// What happens when a PaymentIntent is confirmed or its 3DS challenge is answered: the test card
// decides between succeeded (+charge), requires_action (3DS) and a 402 decline (+failed charge),
// emitting the same events, in the same order, as Stripe.
import type Stripe from 'stripe';
import { outcomeFor, type CardOutcome } from './cards';
import { snapshot, type RequestContext } from './context';
import { cardError, invalidRequest } from './errors';
import { optBool, optNullableString } from './form';
import { AUTH_FAILURE_MESSAGE, checkOwnership, pickPaymentMethod, threeDSecureAction } from './intents-common';
import { openDisputeLater } from './disputes/dispute-flow';
import { createCharge } from './routes/charges';
import { attachPaymentMethod, cardNumberOf } from './routes/payment-methods';

const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** Listeners for other objects settled by a PaymentIntent (an invoice's payment); see billing/. */
export const intentHooks: {
  succeeded: ((ctx: RequestContext, pi: Stripe.PaymentIntent) => void)[];
  failed: ((ctx: RequestContext, pi: Stripe.PaymentIntent) => void)[];
} = { succeeded: [], failed: [] };

function customerId(pi: Stripe.PaymentIntent): string | null {
  return typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
}

/**
 * How an off-session confirm answers a card that wants 3-D Secure: a plain PaymentIntent declines
 * with `authentication_required` (Stripe's answer to `off_session=true`), while Billing keeps an
 * invoice's PaymentIntent in `requires_action` so the customer can authenticate it later.
 */
export type OffSessionAuthentication = 'decline' | 'requires_action';

const AUTH_REQUIRED_MESSAGE = 'Your card was declined. This transaction requires authentication.';

export function confirmPaymentIntent(ctx: RequestContext, pi: Stripe.PaymentIntent, opts: { offSessionAuthentication?: OffSessionAuthentication } = {}): Stripe.PaymentIntent {
  if (!CONFIRMABLE.includes(pi.status)) {
    throw invalidRequest(
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const pm = pickPaymentMethod(ctx, pi.payment_method);
  if (!pm) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { code: 'payment_intent_unexpected_state' },
    );
  }
  checkOwnership(pm, customerId(pi));
  const sfu = optNullableString(ctx.params, 'setup_future_usage');
  if (sfu !== undefined) pi.setup_future_usage = sfu === 'on_session' || sfu === 'off_session' ? sfu : null;
  const receiptEmail = optNullableString(ctx.params, 'receipt_email');
  if (receiptEmail !== undefined) pi.receipt_email = receiptEmail;
  pi.payment_method = pm.id;
  pi.last_payment_error = null;
  const offSession = optBool(ctx.params, 'off_session') ?? false;
  const outcome = outcomeFor(cardNumberOf(ctx, pm));
  if (outcome.kind === 'success') return succeed(ctx, pi, pm);
  if (outcome.kind === 'requires_action') {
    if (offSession && (opts.offSessionAuthentication ?? 'decline') === 'decline') {
      return decline(ctx, pi, pm, {
        kind: 'decline',
        code: 'authentication_required',
        declineCode: 'authentication_required',
        message: AUTH_REQUIRED_MESSAGE,
        onSetup: true,
      });
    }
    pi.status = 'requires_action';
    pi.next_action = threeDSecureAction(ctx, pi.id);
    // The off-session attempt is recorded as the intent's last error while it waits for the customer.
    if (offSession) {
      pi.last_payment_error = {
        type: 'card_error',
        code: 'authentication_required',
        decline_code: 'authentication_required',
        message: AUTH_REQUIRED_MESSAGE,
        doc_url: 'https://docs.stripe.com/error-codes/authentication-required',
        payment_method: snapshot(pm),
      };
    }
    ctx.emit('payment_intent.requires_action', pi);
    return pi;
  }
  return decline(ctx, pi, pm, outcome);
}

function succeed(ctx: RequestContext, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod): Stripe.PaymentIntent {
  const charge = createCharge(ctx, pi, pm);
  const outcome = outcomeFor(cardNumberOf(ctx, pm));
  if (outcome.kind === 'success' && outcome.dispute) openDisputeLater(ctx, charge, outcome.dispute);
  const customer = customerId(pi);
  if (pi.setup_future_usage && customer) attachPaymentMethod(ctx, pm, customer);
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  pi.latest_charge = charge.id;
  pi.next_action = null;
  pi.last_payment_error = null;
  ctx.emit('payment_intent.succeeded', pi);
  for (const hook of intentHooks.succeeded) hook(ctx, pi);
  return pi;
}

function decline(ctx: RequestContext, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, outcome: Extract<CardOutcome, { kind: 'decline' }>): never {
  const charge = createCharge(ctx, pi, pm, outcome);
  pi.status = 'requires_payment_method';
  pi.latest_charge = charge.id;
  pi.next_action = null;
  // Stripe clears the intent's payment_method on failure and reports it inside last_payment_error.
  pi.payment_method = null;
  pi.last_payment_error = {
    type: 'card_error',
    code: outcome.code,
    ...(outcome.declineCode ? { decline_code: outcome.declineCode } : {}),
    message: outcome.message,
    charge: charge.id,
    doc_url: `https://docs.stripe.com/error-codes/${outcome.code.replace(/_/g, '-')}`,
    payment_method: snapshot(pm),
  };
  ctx.emit('payment_intent.payment_failed', pi);
  for (const hook of intentHooks.failed) hook(ctx, pi);
  throw cardError(outcome.code, outcome.message, {
    ...(outcome.declineCode ? { decline_code: outcome.declineCode } : {}),
    charge: charge.id,
    payment_intent: snapshot(pi),
    payment_method: snapshot(pm),
  });
}

/** Completes (approve) or fails the 3DS challenge of a PaymentIntent in requires_action. */
export function authenticatePaymentIntent(ctx: RequestContext, pi: Stripe.PaymentIntent, outcome: 'approve' | 'fail'): Stripe.PaymentIntent {
  if (pi.status !== 'requires_action') {
    throw invalidRequest(`This PaymentIntent has a status of ${pi.status}; only requires_action can be authenticated.`, {
      code: 'payment_intent_unexpected_state',
    });
  }
  const pmId = typeof pi.payment_method === 'string' ? pi.payment_method : (pi.payment_method?.id ?? '');
  const pm = ctx.state.paymentMethods.get(pmId);
  if (!pm) throw invalidRequest('The PaymentIntent has no payment method to authenticate.');
  if (outcome === 'approve') return succeed(ctx, pi, pm);
  pi.status = 'requires_payment_method';
  pi.next_action = null;
  pi.payment_method = null;
  pi.last_payment_error = {
    type: 'invalid_request_error',
    code: 'payment_intent_authentication_failure',
    message: AUTH_FAILURE_MESSAGE,
    doc_url: 'https://docs.stripe.com/error-codes/payment-intent-authentication-failure',
    payment_method: snapshot(pm),
  };
  ctx.emit('payment_intent.payment_failed', pi);
  return pi;
}

