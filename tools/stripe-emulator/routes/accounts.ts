// GET /v1/account: what the portal's "Test connection" shows (id, name, charges/payouts enabled).
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';

export function accountObject(ctx: RequestContext): Stripe.Account {
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
    charges_enabled: true,
    country: 'US',
    created: r.created,
    default_currency: 'usd',
    details_submitted: true,
    email: r.email,
    payouts_enabled: true,
    type: 'standard',
  };
}

export const accountRoutes: Route[] = [
  route('GET', '/v1/account', (ctx) => accountObject(ctx)),
];
