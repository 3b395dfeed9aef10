// /v1/billing_portal/sessions: a short-lived link to Stripe's customer portal for one customer. The
// emulator's "portal" (GET /_emulator/hosted/portal/{id}) answers with the session so a test can
// follow `url` and then the `return_url` back to the app.
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam } from '../errors';
import { optString } from '../form';
import { newId, nowSeconds } from '../ids';
import type { AccountState } from '../store';
import { requireCustomer } from './customers';

const sessions = new WeakMap<AccountState, Map<string, Stripe.BillingPortal.Session>>();

/** For persistence.ts. */
export function loadPortalSessions(state: AccountState, saved: Map<string, Stripe.BillingPortal.Session>): void {
  sessions.set(state, saved);
}

export function portalSessionsOf(state: AccountState): Map<string, Stripe.BillingPortal.Session> {
  let map = sessions.get(state);
  if (!map) {
    map = new Map();
    sessions.set(state, map);
  }
  return map;
}

function create(ctx: RequestContext): Stripe.BillingPortal.Session {
  const customer = optString(ctx.params, 'customer');
  if (!customer) throw missingParam('customer');
  requireCustomer(ctx, customer);
  const returnUrl = optString(ctx.params, 'return_url') ?? null;
  if (returnUrl !== null && !/^https?:\/\//.test(returnUrl)) throw invalidRequest('Not a valid URL', { param: 'return_url' });
  const id = newId('bps');
  const session: Stripe.BillingPortal.Session = {
    id,
    object: 'billing_portal.session',
    configuration: 'bpc_emulator_default',
    created: nowSeconds(),
    customer,
    customer_account: null,
    flow: null,
    livemode: ctx.livemode,
    locale: null,
    on_behalf_of: null,
    return_url: returnUrl,
    url: `${ctx.baseUrl}/_emulator/hosted/portal/${id}`,
  };
  portalSessionsOf(ctx.state).set(id, session);
  return session;
}

export const billingPortalRoutes: Route[] = [route('POST', '/v1/billing_portal/sessions', create)];
