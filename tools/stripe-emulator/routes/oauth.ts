// Connect OAuth for Standard accounts (what connect.stripe.com serves): the authorize page as a
// stand-in a browser test can click through, POST /oauth/token (code → stripe_user_id) and POST
// /oauth/deauthorize. Also the account owner's side: revoking a platform from "the Dashboard" and
// account.updated (control routes). Access is recorded on the connected account (`platforms`); the
// server then honours `Stripe-Account` from that platform's keys (server.ts).
import type Stripe from 'stripe';
import type { EmulatorCore } from '../core';
import { parseForm } from '../form';
import { randomAlnum } from '../ids';
import type { AccountState, EmulatorEvent } from '../store';
import { accountObject } from './accounts';

export interface OAuthAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const CODE_TTL_MS = 5 * 60_000;
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const json = (status: number, body: unknown): OAuthAnswer => ({ status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
/** OAuth errors are not API errors: `{ error, error_description }` (the SDK raises StripeOAuthError). */
const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description });
const html = (status: number, body: string): OAuthAnswer => ({ status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body });

function authorizePage(platform: AccountState, params: URLSearchParams): string {
  const hidden = ['client_id', 'state', 'redirect_uri', 'scope', 'response_type']
    .map((name) => `<input type="hidden" name="${name}" value="${escape(params.get(name) ?? '')}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Connect with Stripe (emulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1f36}label{display:block;margin:1rem 0 .25rem;font-weight:600}input[type=text]{width:100%;padding:.5rem;font-size:1rem}button{margin-top:1rem;margin-right:.5rem;padding:.6rem 1.2rem;font-size:1rem}</style></head>
<body><main><h1>Connect your Stripe account</h1><p><strong>${escape(platform.record.name)}</strong> would like to take payments in your Stripe account. Stripe emulator: a new Standard account is created and connected.</p>
<form method="post" action="/oauth/authorize">${hidden}<label for="account_name">Account name</label><input type="text" id="account_name" name="account_name" value="Emulated Standard account">
<button type="submit" name="decision" value="connect">Connect</button><button type="submit" name="decision" value="deny">Cancel</button></form></main></body></html>`;
}

function redirectBack(redirectUri: string, params: Record<string, string>): OAuthAnswer {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { status: 302, headers: { Location: url.toString() }, body: '' };
}

/** GET shows the page; POST (its buttons) redirects back with `code` & `state`, or `error=access_denied`. */
export function authorize(core: EmulatorCore, method: string, query: URLSearchParams, rawBody: string): OAuthAnswer {
  const params = method === 'POST' ? new URLSearchParams(rawBody) : query;
  const platform = core.store.findByClientId(params.get('client_id') ?? '');
  if (!platform) return html(400, '<p>Unknown client_id: no platform has this Connect application.</p>');
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!/^https?:\/\//.test(redirectUri)) return html(400, '<p>redirect_uri must be an http(s) URL.</p>');
  if (params.get('response_type') !== 'code') return html(400, '<p>response_type must be code.</p>');
  if (method === 'GET') return html(200, authorizePage(platform, params));
  const state = params.get('state') ?? '';
  if (params.get('decision') !== 'connect') return redirectBack(redirectUri, { error: 'access_denied', error_description: 'The user denied your request', state });
  const code = `ac_${randomAlnum(32)}`;
  core.store.oauthCodes.set(code, { platformId: platform.record.id, accountName: params.get('account_name') || 'Emulated Standard account', expiresAt: Date.now() + CODE_TTL_MS });
  return redirectBack(redirectUri, { code, state, scope: 'read_write' });
}

/** POST /oauth/token with the platform's secret key: the code (single use) for the connected account. */
export function token(core: EmulatorCore, platform: AccountState, rawBody: string): OAuthAnswer {
  const params = parseForm(rawBody);
  if (params.grant_type !== 'authorization_code') return oauthError(400, 'unsupported_grant_type', 'Only authorization_code is supported by the emulator.');
  const code = typeof params.code === 'string' ? params.code : '';
  const grant = core.store.oauthCodes.get(code);
  core.store.oauthCodes.delete(code);
  if (!grant || grant.expiresAt < Date.now() || grant.platformId !== platform.record.id) {
    return oauthError(400, 'invalid_grant', `Authorization code does not exist: ${code}`);
  }
  const connected = grant.accountId ? core.store.accounts.get(grant.accountId) : core.store.createAccount({ mode: platform.record.mode, name: grant.accountName });
  if (!connected) return oauthError(400, 'invalid_grant', 'The account no longer exists.');
  connected.record.platforms = [...new Set([...(connected.record.platforms ?? []), platform.record.id])];
  const answer: Stripe.OAuthToken = {
    access_token: connected.record.secretKey,
    livemode: connected.record.mode === 'live',
    refresh_token: `rt_${randomAlnum(32)}`,
    scope: 'read_write',
    stripe_publishable_key: connected.record.publishableKey,
    stripe_user_id: connected.record.id,
    token_type: 'bearer',
  };
  return json(200, answer);
}

/** Ends `platform`'s access to `connected` and tells the platform (account.application.deauthorized). */
export function revokeAccess(core: EmulatorCore, platform: AccountState, connected: AccountState): EmulatorEvent {
  connected.record.platforms = (connected.record.platforms ?? []).filter((id) => id !== platform.record.id);
  const pending: EmulatorEvent[] = [];
  const ctx = core.makeContext(connected, { method: 'POST', path: '/oauth/deauthorize', params: {} }, pending);
  const application: Stripe.Application = { id: platform.record.connectClientId ?? platform.record.id, object: 'application', name: platform.record.name };
  const event = ctx.emit('account.application.deauthorized', application);
  // Only the platform that lost access hears of it (the others keep theirs).
  for (const e of pending) core.webhooks.dispatch(connected, e, [platform.record.id]);
  return event;
}

/** POST /oauth/deauthorize with the platform's secret key: `client_id` and `stripe_user_id`. */
export function deauthorize(core: EmulatorCore, platform: AccountState, rawBody: string): OAuthAnswer {
  const params = parseForm(rawBody);
  if (params.client_id !== platform.record.connectClientId) return oauthError(401, 'invalid_client', `No such application: '${String(params.client_id)}'`);
  const accountId = typeof params.stripe_user_id === 'string' ? params.stripe_user_id : '';
  const connected = core.store.connectedAccount(platform, accountId);
  if (!connected) return oauthError(401, 'invalid_client', `This application is not connected to stripe account ${accountId}, or that account does not exist.`);
  revokeAccess(core, platform, connected);
  const answer: Stripe.OAuthDeauthorization = { stripe_user_id: accountId };
  return json(200, answer);
}

/** Control: the account changed (charges/payouts, requirements): account.updated to its platforms. */
export function updateAccount(core: EmulatorCore, connected: AccountState, patch: { charges_enabled?: unknown; payouts_enabled?: unknown; currently_due?: unknown }): EmulatorEvent {
  const r = connected.record;
  const previous = { charges_enabled: r.chargesEnabled ?? true, payouts_enabled: r.payoutsEnabled ?? true };
  if (typeof patch.charges_enabled === 'boolean') r.chargesEnabled = patch.charges_enabled;
  if (typeof patch.payouts_enabled === 'boolean') r.payoutsEnabled = patch.payouts_enabled;
  if (Array.isArray(patch.currently_due)) r.currentlyDue = patch.currently_due.filter((f): f is string => typeof f === 'string');
  const pending: EmulatorEvent[] = [];
  const ctx = core.makeContext(connected, { method: 'POST', path: '/_emulator/accounts/update', params: {} }, pending);
  const event = ctx.emit('account.updated', accountObject(ctx), previous);
  core.flush(connected, pending);
  return event;
}
