// GET /v1/account: what the portal's "Test connection" shows (id, name, charges/payouts enabled).
// Connect Onboarding (the platform creates accounts for its users): POST /v1/accounts with
// `controller`, GET /v1/accounts/:id, POST /v1/account_links (the hosted form is onboarding-page.ts).
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { mergeMetadata, optEnum, optObject, optString } from '../form';
import { nowSeconds, randomAlnum } from '../ids';
import type { AccountState } from '../store';

/** An account link's URL works for this long (Stripe's expire within minutes). */
export const ACCOUNT_LINK_TTL_SECONDS = 300;
/** What Stripe's onboarding form asks of a new account before it may take charges. */
const ONBOARDING_FIELDS = ['business_profile.url', 'external_account', 'representative.first_name', 'representative.last_name', 'tos_acceptance.date'];

function requirementsOf(currentlyDue: string[]): Stripe.Account.Requirements {
  return { alternatives: [], current_deadline: null, currently_due: currentlyDue, disabled_reason: null, errors: [], eventually_due: currentlyDue, past_due: [], pending_verification: [] };
}

/** A `controller` that gives the owner the full Dashboard and Stripe the losses is what `type: standard` used to mean. */
function legacyType(controller: Stripe.Account.Controller | undefined): Stripe.Account.Type {
  if (!controller) return 'standard';
  return controller.stripe_dashboard?.type === 'full' && controller.losses?.payments === 'stripe' ? 'standard' : 'none';
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
    ...(r.controller ? { controller: r.controller } : {}),
    country: 'US',
    created: r.created,
    default_currency: 'usd',
    details_submitted: r.detailsSubmitted ?? true,
    email: r.email,
    ...(r.metadata ? { metadata: r.metadata } : {}),
    payouts_enabled: r.payoutsEnabled ?? true,
    ...(r.currentlyDue ? { requirements: requirementsOf(r.currentlyDue) } : {}),
    type: legacyType(r.controller),
  };
}

/** The platform's view of an account it created or is connected to; any other id is unknown to it. */
function platformAccount(ctx: RequestContext, id: string): AccountState {
  const target = ctx.store.connectedAccount(ctx.state, id);
  if (!target) throw noSuch('account', id, 'account');
  return target;
}

function controllerOf(ctx: RequestContext): Stripe.Account.Controller {
  const p = optObject(ctx.params, 'controller');
  if (!p) throw invalidRequest('The emulator creates accounts with `controller` properties only (`type` is the deprecated way).', { param: 'controller' });
  const dashboard = optObject(p, 'stripe_dashboard');
  const fees = optObject(p, 'fees');
  const losses = optObject(p, 'losses');
  const dashboardType = dashboard ? optEnum(dashboard, 'type', ['express', 'full', 'none'] as const, 'controller[stripe_dashboard][type]') : undefined;
  const payer = fees ? optEnum(fees, 'payer', ['account', 'application'] as const, 'controller[fees][payer]') : undefined;
  const payments = losses ? optEnum(losses, 'payments', ['application', 'stripe'] as const, 'controller[losses][payments]') : undefined;
  const collection = optEnum(p, 'requirement_collection', ['application', 'stripe'] as const, 'controller[requirement_collection]');
  return {
    type: 'application',
    is_controller: true,
    fees: { payer: payer ?? 'account' },
    losses: { payments: payments ?? 'stripe' },
    requirement_collection: collection ?? 'stripe',
    stripe_dashboard: { type: dashboardType ?? 'full' },
  };
}

/** POST /v1/accounts: a new account in the platform's mode that the platform may act in at once. */
function createAccount(ctx: RequestContext): Stripe.Account {
  const controller = controllerOf(ctx);
  const profile = optObject(ctx.params, 'business_profile');
  const name = profile ? optString(profile, 'name') : undefined;
  const email = optString(ctx.params, 'email');
  const created = ctx.store.createAccount({ mode: ctx.state.record.mode, ...(name ? { name } : {}), ...(email ? { email } : {}) });
  const r = created.record;
  r.platforms = [ctx.state.record.id];
  r.controller = controller;
  r.metadata = mergeMetadata({}, ctx.params);
  r.detailsSubmitted = false;
  r.chargesEnabled = false;
  r.payoutsEnabled = false;
  r.currentlyDue = [...ONBOARDING_FIELDS];
  return accountObject({ state: created });
}

function requiredUrl(ctx: RequestContext, key: 'return_url' | 'refresh_url'): string {
  const value = optString(ctx.params, key);
  if (!value) throw missingParam(key);
  if (!/^https?:\/\//.test(value)) throw invalidRequest(`Not a valid URL`, { param: key, code: 'url_invalid' });
  return value;
}

/** POST /v1/account_links: the hosted onboarding form's URL on this emulator (`/setup/s/{token}`). */
function createAccountLink(ctx: RequestContext): Stripe.AccountLink {
  const accountId = optString(ctx.params, 'account');
  if (!accountId) throw missingParam('account');
  const target = platformAccount(ctx, accountId);
  const type = optEnum(ctx.params, 'type', ['account_onboarding', 'account_update'] as const);
  if (!type) throw missingParam('type');
  if (type === 'account_update') throw invalidRequest('You cannot create `account_update` type Account Links for accounts that have access to a Stripe-hosted Dashboard.', { param: 'type' });
  const created = nowSeconds();
  const token = randomAlnum(24);
  ctx.store.accountLinks.set(token, {
    accountId: target.record.id,
    platformId: ctx.state.record.id,
    returnUrl: requiredUrl(ctx, 'return_url'),
    refreshUrl: requiredUrl(ctx, 'refresh_url'),
    expiresAt: (created + ACCOUNT_LINK_TTL_SECONDS) * 1000,
    visited: false,
    done: false,
  });
  return { object: 'account_link', created, expires_at: created + ACCOUNT_LINK_TTL_SECONDS, url: `${ctx.baseUrl}/setup/s/${token}` };
}

export const accountRoutes: Route[] = [
  route('GET', '/v1/account', (ctx) => accountObject(ctx)),
  route('POST', '/v1/accounts', (ctx) => createAccount(ctx)),
  route('GET', '/v1/accounts/:account', (ctx, id) => accountObject({ state: platformAccount(ctx, id ?? '') })),
  route('POST', '/v1/account_links', (ctx) => createAccountLink(ctx)),
];
