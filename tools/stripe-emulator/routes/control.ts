// /_emulator/* control routes for tests and the demo (JSON in, JSON out, no Stripe auth):
// accounts and keys, latency, reset, webhook deliveries/trigger/resend/pause/resume, 3DS answers.
import type Stripe from 'stripe';
import { conformanceLog } from '../conformance';
import type { EmulatorCore } from '../core';
import type { Params } from '../form';
import { newId } from '../ids';
import { applyPermissions } from '../permissions';
import { authenticatePaymentIntent } from '../payment-flow';
import type { AccountState, EmulatorEvent, Mode } from '../store';
import { createEvent, type ResumeOrder } from '../webhooks';
import { authenticateSetupIntent } from './setup-intents';
import { hostedInvoice, hostedPortal } from './hosted';
import { advanceClock, setClock } from './test-clock';
import { parseDunningSettings } from '../billing/dunning';
import { billingOf } from '../billing/state';
import { revokeAccess, updateAccount } from './oauth';

export interface ControlResult {
  status: number;
  body: unknown;
}

type Json = Record<string, unknown>;

export function accountJson(state: AccountState) {
  const r = state.record;
  return { id: r.id, secretKey: r.secretKey, publishableKey: r.publishableKey, restrictedKey: r.restrictedKey, name: r.name, mode: r.mode, connectClientId: r.connectClientId ?? null };
}

const ok = (body: unknown): ControlResult => ({ status: 200, body });
const fail = (status: number, message: string): ControlResult => ({ status, body: { error: { type: 'invalid_request_error', message } } });

export const CONTROL_ROUTES = [
  'GET  /_emulator                         this index',
  'POST /_emulator/accounts                {mode?, name?, secretKey?, publishableKey?, connectClientId?} → {id, secretKey, publishableKey, restrictedKey, name, mode, connectClientId}; fixed keys: the account holding that secret key if it exists',
  'POST /_emulator/accounts/{id}/subscription-settings {retries?=3, retry_interval_days?=3 | retry_interval_seconds?, after_retries?=mark_unpaid|cancel|leave_past_due} or {off:true}: retries of failed renewals on the test clock, then the final step',
  'POST /_emulator/accounts/{id}/connect-endpoint {url, secret?, events?} a Connect endpoint (connect=true) of platform {id} with a fixed signing secret',
  'POST /_emulator/accounts/{id}/deauthorize {platform} the account owner revokes a platform (account.application.deauthorized)',
  'POST /_emulator/accounts/{id}/update    {charges_enabled?, payouts_enabled?, currently_due?} → account.updated to its platforms',
  'GET/POST /oauth/authorize               Connect OAuth stand-in page; POST /oauth/token, /oauth/deauthorize (platform secret key)',
  'GET  /_emulator/accounts                list accounts with keys',
  'POST /_emulator/accounts/{id}/revoke-keys',
  'POST /_emulator/accounts/{id}/restrict  {permissions?: {invoice: "read", refund: "none", …}} restricted key levels (none|read|write, default write); no body: account → none',
  'POST /_emulator/latency                 {ms}',
  'POST /_emulator/unreachable             {on: boolean} drop every /v1 connection (simulated outage)',
  'POST /_emulator/rate-limit            {requests} the next n /v1 requests answer 429 rate_limit',
  'POST /_emulator/reset',
  'GET  /_emulator/deliveries?account=&type=',
  'POST /_emulator/events/trigger          {account, type, object?}',
  'POST /_emulator/events/{id}/resend',
  'POST /_emulator/webhooks/pause',
  'POST /_emulator/webhooks/resume         {order?: original|reverse|shuffle}',
  'POST /_emulator/intents/{id}/authenticate {outcome: approve|fail}',
  'POST /_emulator/clock/advance           {account, seconds} test clock: renew/cancel due subscriptions',
  'POST /_emulator/clock/set               {account, frozen_time} move to (never back) and run what is due',
  'GET  /_emulator/hosted/invoices/{id}    stand-in for hosted_invoice_url / invoice_pdf',
  'GET  /_emulator/hosted/3ds/{id}?return_url=  hosted 3-D Secure page (redirect_to_url next_action)',
  'GET  /_emulator/conformance             app requests seen and requests the validator refused',
  'GET  /stripe.js                         test Stripe.js',
];

export function handleControl(core: EmulatorCore, method: string, path: string, body: Json, query: URLSearchParams): ControlResult {
  const seg = path.split('/').filter(Boolean).slice(1); // drop "_emulator"
  const [a, b, c] = seg;
  if (method === 'GET' && seg.length === 0) return ok({ routes: CONTROL_ROUTES });
  if (method === 'GET' && a === 'conformance' && seg.length === 1) return ok(conformanceLog.summary());
  if (a === 'accounts' && seg.length === 1) {
    if (method === 'GET') return ok({ data: [...core.store.accounts.values()].map(accountJson) });
    if (method === 'POST') {
      const mode: Mode = body.mode === 'live' ? 'live' : 'test';
      const name = typeof body.name === 'string' ? body.name : undefined;
      const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
      const secretKey = str(body.secretKey);
      // Fixed keys (a platform the app's environment names): the same account on every call.
      const existing = secretKey ? core.store.findByKey(secretKey) : undefined;
      if (existing) return ok(accountJson(existing.state));
      const fixed = { secretKey, publishableKey: str(body.publishableKey), connectClientId: str(body.connectClientId) };
      return ok(accountJson(core.store.createAccount({ mode, name, ...Object.fromEntries(Object.entries(fixed).filter(([, v]) => v)) })));
    }
  }
  if (a === 'accounts' && b && method === 'POST') {
    const state = core.store.accounts.get(b);
    if (!state) return fail(404, `No such account: '${b}'`);
    if (c === 'connect-endpoint') return connectEndpoint(state, body);
    if (c === 'deauthorize') {
      const platform = typeof body.platform === 'string' ? core.store.accounts.get(body.platform) : undefined;
      if (!platform || !core.store.connectedAccount(platform, state.record.id)) return fail(400, 'platform must name a platform connected to this account');
      return ok(revokeAccess(core, platform, state));
    }
    if (c === 'update') return ok(updateAccount(core, state, body));
    if (c === 'subscription-settings') return subscriptionSettings(state, body);
    if (c === 'revoke-keys') state.record.revoked = true;
    else if (c === 'restrict') {
      // No body: the historical behaviour, a key that cannot read the account (GET /v1/account → 403).
      const patch = typeof body.permissions === 'object' && body.permissions !== null ? (body.permissions as Json) : { account: 'none' };
      const next = applyPermissions(state.record.permissions, patch);
      if (typeof next === 'string') return fail(400, next);
      state.record.permissions = next;
    } else return fail(404, `Unknown control route ${path}`);
    return ok({ ...accountJson(state), revoked: state.record.revoked, permissions: state.record.permissions });
  }
  if (method === 'POST' && a === 'unreachable') {
    core.unreachable = body.on !== false;
    return ok({ unreachable: core.unreachable });
  }
  if (method === 'POST' && a === 'rate-limit') {
    core.rateLimitNext = Math.max(0, Math.floor(Number(body.requests) || 0));
    return ok({ requests: core.rateLimitNext });
  }
  if (method === 'POST' && a === 'latency') {
    core.latencyMs = Math.max(0, Number(body.ms) || 0);
    return ok({ ms: core.latencyMs });
  }
  if (method === 'POST' && a === 'reset') {
    core.reset();
    return ok({ reset: true });
  }
  if (method === 'GET' && a === 'deliveries') {
    const account = query.get('account');
    const type = query.get('type');
    return ok({ data: core.webhooks.attempts.filter((d) => (!account || d.account === account) && (!type || d.type === type)) });
  }
  if (method === 'POST' && a === 'events' && b === 'trigger') return trigger(core, body);
  if (method === 'POST' && a === 'events' && b && c === 'resend') {
    const found = core.store.findEventAnywhere(b);
    if (!found) return fail(404, `No such event: '${b}'`);
    core.webhooks.dispatch(found.state, found.event);
    return ok(found.event);
  }
  if (method === 'POST' && a === 'webhooks' && b === 'pause') {
    core.webhooks.pause();
    return ok({ paused: true });
  }
  if (method === 'POST' && a === 'webhooks' && b === 'resume') {
    const order: ResumeOrder = body.order === 'reverse' || body.order === 'shuffle' ? body.order : 'original';
    return ok({ paused: false, delivered: core.webhooks.resume(order) });
  }
  if (method === 'POST' && a === 'clock' && b === 'advance') return advanceClock(core, body);
  if (method === 'POST' && a === 'clock' && b === 'set') return setClock(core, body);
  if (method === 'GET' && a === 'hosted' && b === 'invoices' && c) return hostedInvoice(core, c);
  if (method === 'GET' && a === 'hosted' && b === 'portal' && c) return hostedPortal(core, c);
  if (method === 'POST' && a === 'intents' && b && c === 'authenticate') return authenticateIntent(core, b, body);
  return fail(404, `Unknown control route ${method} ${path}`);
}

/**
 * Opt-in retry behaviour after failed renewals (Stripe's "Manage failed payments"): {retries,
 * retry_interval_days | retry_interval_seconds, after_retries: mark_unpaid | cancel | leave_past_due},
 * or {off: true} for the default (past_due, never retried).
 */
function subscriptionSettings(state: AccountState, body: Json): ControlResult {
  if (body.off === true) {
    delete billingOf(state).dunning;
    return ok({ account: state.record.id, dunning: null });
  }
  const parsed = parseDunningSettings(body);
  if (typeof parsed === 'string') return fail(400, parsed);
  billingOf(state).dunning = parsed;
  return ok({ account: state.record.id, dunning: { retries: parsed.retries, retry_interval_seconds: parsed.retryIntervalSeconds, after_retries: parsed.afterRetries } });
}

/** A platform's Connect endpoint with a signing secret the test chose (the app reads it from its environment). */
function connectEndpoint(state: AccountState, body: Json): ControlResult {
  if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) return fail(400, 'url must be an http(s) URL');
  const secret = typeof body.secret === 'string' && body.secret.startsWith('whsec_') ? body.secret : `whsec_${newId('sec').slice(4)}`;
  const events = Array.isArray(body.events) ? body.events.filter((e): e is string => typeof e === 'string') : ['*'];
  const existing = [...state.webhookEndpoints.values()].find((e) => e.url === body.url && (state.record.connectEndpoints ?? []).includes(e.id));
  const endpoint: Stripe.WebhookEndpoint = existing ?? {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: null,
    application: null,
    created: Math.floor(Date.now() / 1000),
    description: 'Connect endpoint (emulator control)',
    enabled_events: events,
    livemode: state.record.mode === 'live',
    metadata: {},
    status: 'enabled',
    url: body.url,
  };
  state.webhookEndpoints.set(endpoint.id, endpoint);
  state.endpointSecrets.set(endpoint.id, secret);
  if (!existing) state.record.connectEndpoints = [...(state.record.connectEndpoints ?? []), endpoint.id];
  return ok({ id: endpoint.id, url: endpoint.url, secret });
}

function trigger(core: EmulatorCore, body: Json): ControlResult {
  const state = typeof body.account === 'string' ? core.store.accounts.get(body.account) : undefined;
  if (!state) return fail(404, `No such account: '${String(body.account)}'`);
  if (typeof body.type !== 'string' || !body.type.includes('.')) return fail(400, 'type must be an event type like payment_intent.succeeded');
  const type = body.type as Stripe.Event.Type; // any string: tests may send types the emulator never emits
  const object = typeof body.object === 'object' && body.object !== null ? (body.object as object) : { id: newId('obj'), object: type.split('.')[0] };
  const event = createEvent(state, type, object, undefined, null);
  core.webhooks.dispatch(state, event);
  return ok(event);
}

/** Answers an intent's 3-D Secure challenge (also used by the hosted page, hosted-3ds.ts). */
export function authenticateIntent(core: EmulatorCore, id: string, body: Json): ControlResult {
  const state = core.store.findIntentAnywhere(id);
  if (!state) return fail(404, `No such intent: '${id}'`);
  const params: Params = { outcome: body.outcome === 'fail' ? 'fail' : 'approve' };
  const pending: EmulatorEvent[] = [];
  const ctx = core.makeContext(state, { method: 'POST', path: `/_emulator/intents/${id}/authenticate`, params }, pending);
  try {
    const pi = state.paymentIntents.get(id);
    const result = pi ? authenticatePaymentIntent(ctx, pi, params.outcome === 'fail' ? 'fail' : 'approve') : authenticateSetupIntent(ctx, state.setupIntents.get(id)!);
    return ok(result);
  } catch (err) {
    return fail(400, err instanceof Error ? err.message : String(err));
  } finally {
    setImmediate(() => core.flush(state, pending));
  }
}
