// GET /v1/account: what the portal's "Test connection" shows (id, name, charges/payouts enabled).
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';

function requirementsOf(currentlyDue: string[]): Stripe.Account.Requirements {
  return { alternatives: [], current_deadline: null, currently_due: currentlyDue, disabled_reason: null, errors: [], eventually_due: currentlyDue, past_due: [], pending_verification: [] };
}

/** The account object; `ctx` needs only the account's state (control routes build one for account.updated). */
export function accountObject(ctx: Pick<RequestContext, "state">): Stripe.Account {
  const r = ctx.state.record;
  return {
    id: r.id,
    object: 'account',
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: '5734',
      minority_owned_business_designation: null,
      monthly_estimated_revenue: { amount: 0, currency: 'usd' },
      name: r.name,
      specified_commercial_transactions_act_url: null,
      support_address: null,
      support_email: r.email,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: 'company',
    charges_enabled: r.chargesEnabled ?? true,
    country: 'US',
    created: r.created,
    default_currency: 'usd',
    details_submitted: true,
    email: r.email,
    payouts_enabled: r.payoutsEnabled ?? true,
    ...(r.currentlyDue ? { requirements: requirementsOf(r.currentlyDue) } : {}),
    type: 'standard',
  };
}

export const accountRoutes: Route[] = [
  route('GET', '/v1/account', (ctx) => accountObject(ctx)),
];
