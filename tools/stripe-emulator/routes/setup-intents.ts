// /v1/setup_intents: save a card for later. Confirm applies the card rules (3DS → requires_action,
// declines → 402 + setup_intent.setup_failed); success attaches the PaymentMethod to the customer.
import type Stripe from 'stripe';
import { outcomeFor } from '../cards';
import { route, snapshot, type RequestContext, type Route } from '../context';
import { cardError, invalidRequest } from '../errors';
import { applyExpand } from '../expand';
import { mergeMetadata, optBool, optNullableString, optString } from '../form';
import { newId, nowSeconds } from '../ids';
import {
  AUTH_FAILURE_MESSAGE,
  authOutcome,
  checkClientSecret,
  checkOwnership,
  findForBrowser,
  pickPaymentMethod,
  threeDSecureAction,
} from '../intents-common';
import { newestFirst, paginate } from '../lists';
import { clientSecretFor } from '../store';
import { requireCustomer } from './customers';
import { attachPaymentMethod, cardNumberOf } from './payment-methods';

const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

const customerOf = (si: Stripe.SetupIntent) => (typeof si.customer === 'string' ? si.customer : (si.customer?.id ?? null));

/** Runs when a SetupIntent succeeds (a trial subscription's pending_setup_intent saves its card). */
export const setupHooks: { succeeded: ((ctx: RequestContext, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod) => void)[] } = { succeeded: [] };

function create(ctx: RequestContext): Stripe.SetupIntent {
  const customer = optString(ctx.params, 'customer') ?? null;
  if (customer) requireCustomer(ctx, customer);
  const usage = optString(ctx.params, 'usage') ?? 'off_session';
  if (usage !== 'on_session' && usage !== 'off_session') throw invalidRequest(`Invalid usage: ${usage}`, { param: 'usage' });
  const si = newSetupIntent(ctx, { customer, usage, description: optString(ctx.params, 'description') ?? null, metadata: mergeMetadata({}, ctx.params) });
  if (optBool(ctx.params, 'confirm')) confirm(ctx, si);
  return si;
}

/** A stored SetupIntent in requires_payment_method (setup_intent.created emitted). */
export function newSetupIntent(
  ctx: RequestContext,
  init: { customer: string | null; usage: 'on_session' | 'off_session'; description: string | null; metadata: Record<string, string> },
): Stripe.SetupIntent {
  const { customer, usage } = init;
  const id = newId('seti');
  const si: Stripe.SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: { allow_redirects: 'always', enabled: true },
    cancellation_reason: null,
    client_secret: clientSecretFor(id),
    created: nowSeconds(),
    customer,
    customer_account: null,
    description: init.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: ctx.livemode,
    mandate: null,
    metadata: init.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage,
  };
  ctx.state.setupIntents.set(id, si);
  ctx.emit('setup_intent.created', si);
  return si;
}

function requireIntent(ctx: RequestContext, id: string): Stripe.SetupIntent {
  const si = findForBrowser(ctx, ctx.state.setupIntents, id, 'setup_intent');
  checkClientSecret(ctx, si, 'SetupIntent');
  return si;
}

function succeed(ctx: RequestContext, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod): Stripe.SetupIntent {
  const customer = customerOf(si);
  if (customer) attachPaymentMethod(ctx, pm, customer);
  si.status = 'succeeded';
  si.payment_method = pm.id;
  si.next_action = null;
  si.last_setup_error = null;
  si.latest_attempt = newId('setatt');
  ctx.emit('setup_intent.succeeded', si);
  for (const hook of setupHooks.succeeded) hook(ctx, si, pm);
  return si;
}

function confirm(ctx: RequestContext, si: Stripe.SetupIntent): Stripe.SetupIntent {
  if (!CONFIRMABLE.includes(si.status)) {
    throw invalidRequest(`You cannot confirm this SetupIntent because it has a status of ${si.status}.`, { code: 'setup_intent_unexpected_state' });
  }
  const pm = pickPaymentMethod(ctx, si.payment_method);
  if (!pm) throw invalidRequest("You cannot confirm this SetupIntent because it's missing a payment method.", { code: 'setup_intent_unexpected_state' });
  checkOwnership(pm, customerOf(si));
  si.payment_method = pm.id;
  const outcome = outcomeFor(cardNumberOf(ctx, pm));
  if (outcome.kind === 'success' || (outcome.kind === 'decline' && !outcome.onSetup)) return succeed(ctx, si, pm);
  if (outcome.kind === 'requires_action') {
    si.status = 'requires_action';
    si.next_action = threeDSecureAction(ctx, si.id);
    ctx.emit('setup_intent.requires_action', si);
    return si;
  }
  si.status = 'requires_payment_method';
  si.payment_method = null;
  si.last_setup_error = {
    type: 'card_error',
    code: outcome.code,
    ...(outcome.declineCode ? { decline_code: outcome.declineCode } : {}),
    message: outcome.message,
    payment_method: snapshot(pm),
  };
  ctx.emit('setup_intent.setup_failed', si);
  throw cardError(outcome.code, outcome.message, {
    ...(outcome.declineCode ? { decline_code: outcome.declineCode } : {}),
    setup_intent: snapshot(si),
    payment_method: snapshot(pm),
  });
}

function authenticate(ctx: RequestContext, si: Stripe.SetupIntent): Stripe.SetupIntent {
  if (si.status !== 'requires_action') throw invalidRequest(`This SetupIntent has a status of ${si.status}.`, { code: 'setup_intent_unexpected_state' });
  const pm = ctx.state.paymentMethods.get(typeof si.payment_method === 'string' ? si.payment_method : '');
  if (!pm) throw invalidRequest('The SetupIntent has no payment method to authenticate.');
  if (authOutcome(ctx) === 'approve') return succeed(ctx, si, pm);
  si.status = 'requires_payment_method';
  si.next_action = null;
  si.payment_method = null;
  si.last_setup_error = { type: 'invalid_request_error', code: 'setup_intent_authentication_failure', message: AUTH_FAILURE_MESSAGE, payment_method: snapshot(pm) };
  ctx.emit('setup_intent.setup_failed', si);
  return si;
}

export { authenticate as authenticateSetupIntent };

export const setupIntentRoutes: Route[] = [
  route('POST', '/v1/setup_intents', (ctx) => applyExpand(ctx.state, create(ctx), ctx.params)),
  route('GET', '/v1/setup_intents', (ctx) => {
    const customer = optString(ctx.params, 'customer');
    const items = newestFirst(ctx.state.setupIntents).filter((si) => customer === undefined || si.customer === customer);
    return paginate(items, ctx.params, '/v1/setup_intents');
  }),
  route('GET', '/v1/setup_intents/:id', (ctx, id) => applyExpand(ctx.state, requireIntent(ctx, id), ctx.params), { publishable: true }),
  route('POST', '/v1/setup_intents/:id', (ctx, id) => {
    const si = requireIntent(ctx, id);
    si.metadata = mergeMetadata(si.metadata ?? {}, ctx.params);
    const description = optNullableString(ctx.params, 'description');
    if (description !== undefined) si.description = description;
    return si;
  }),
  route('POST', '/v1/setup_intents/:id/confirm', (ctx, id) => applyExpand(ctx.state, confirm(ctx, requireIntent(ctx, id)), ctx.params), { publishable: true }),
  route('POST', '/v1/setup_intents/:id/cancel', (ctx, id) => {
    const si = requireIntent(ctx, id);
    if (si.status === 'succeeded' || si.status === 'canceled') throw invalidRequest(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`, { code: 'setup_intent_unexpected_state' });
    si.status = 'canceled';
    si.next_action = null;
    ctx.emit('setup_intent.canceled', si);
    return si;
  }),
  route('POST', '/v1/setup_intents/:id/_authenticate', (ctx, id) => authenticate(ctx, requireIntent(ctx, id)), { publishable: true }),
];
