// The hosted Connect Onboarding form that an Account Link opens (`/setup/s/{token}`), as a stand-in
// a browser test can click through: "Complete" fills in what Stripe would collect (the account then
// has its details submitted and may charge and pay out), sends account.updated to the platform's
// Connect endpoint and goes to return_url; "Leave" goes to return_url with nothing changed. A link
// works once and for a few minutes, as Stripe's: a second visit or a late one goes to refresh_url.
import type { EmulatorCore } from '../core';
import type { EmulatorEvent } from '../store';
import { accountObject } from './accounts';

export interface PageAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Runs once the answer is written (webhook deliveries go after the redirect, as Stripe's would). */
  afterSend?: () => void;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const html = (status: number, body: string): PageAnswer => ({ status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, body });
const redirect = (location: string): PageAnswer => ({ status: 302, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' });

function formPage(token: string, accountName: string, platformName: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Set up your Stripe account (emulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1f36}button{margin-top:1rem;margin-right:.5rem;padding:.6rem 1.2rem;font-size:1rem}</style></head>
<body><main><h1>Set up your Stripe account</h1><p><strong>${escape(platformName)}</strong> created the Stripe account <strong>${escape(accountName)}</strong> for you. Stripe emulator: "Complete" stands in for the business, identity and bank details Stripe's form collects.</p>
<form method="post" action="/setup/s/${escape(token)}"><button type="submit" name="decision" value="complete">Complete</button><button type="submit" name="decision" value="leave">Leave for now</button></form></main></body></html>`;
}

/** GET shows the form (and spends the link's one visit); POST (its buttons) finishes or leaves. */
export function onboardingPage(core: EmulatorCore, method: string, token: string, rawBody: string): PageAnswer {
  const link = core.store.accountLinks.get(token);
  if (!link) return html(404, '<p>This account link does not exist.</p>');
  const account = core.store.accounts.get(link.accountId);
  const platform = core.store.accounts.get(link.platformId);
  if (!account || !platform) return html(404, '<p>This account no longer exists.</p>');
  const expired = Date.now() > link.expiresAt;
  if (method === 'GET') {
    if (expired || link.visited || link.done) return redirect(link.refreshUrl);
    link.visited = true;
    return html(200, formPage(token, account.record.name, platform.record.name));
  }
  if (link.done || expired) return redirect(link.refreshUrl);
  link.done = true;
  if (new URLSearchParams(rawBody).get('decision') !== 'complete') return redirect(link.returnUrl);

  const r = account.record;
  const previous = { details_submitted: r.detailsSubmitted ?? true, charges_enabled: r.chargesEnabled ?? true, payouts_enabled: r.payoutsEnabled ?? true };
  r.detailsSubmitted = true;
  r.chargesEnabled = true;
  r.payoutsEnabled = true;
  r.currentlyDue = [];
  const pending: EmulatorEvent[] = [];
  const ctx = core.makeContext(account, { method: 'POST', path: `/setup/s/${token}`, params: {} }, pending);
  ctx.emit('account.updated', accountObject(ctx), previous);
  // Delivered after the redirect is written, as for API requests: the return page may arrive first.
  return { ...redirect(link.returnUrl), afterSend: () => core.flush(account, pending) };
}
