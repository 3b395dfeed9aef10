// GET/POST /_emulator/hosted/3ds/{intent}?return_url=…: the page a `redirect_to_url` next_action
// sends the customer to (Stripe's hosted 3-D Secure page). Its buttons answer the challenge, then
// the browser goes back to the return_url with Stripe's query parameters (payment_intent,
// payment_intent_client_secret, redirect_status; setup_intent… for SetupIntents).
import type { EmulatorCore } from '../core';
import { authenticateIntent } from './control';

export interface HostedPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(action: string): string {
  const button = (outcome: string, label: string) =>
    `<form method="post" action="${escape(action)}"><input type="hidden" name="outcome" value="${outcome}"><button type="submit">${label}</button></form>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>3D Secure authentication</title></head><body><main role="dialog" aria-label="3D Secure authentication"><h1>3D Secure authentication</h1><p>Stripe emulator: answer the bank's challenge.</p>${button('approve', 'Complete authentication')}${button('fail', 'Fail authentication')}</main></body></html>`;
}

function backTo(returnUrl: string, intent: { id: string; client_secret: string | null; status: string }): string {
  const kind = intent.id.startsWith('seti_') ? 'setup_intent' : 'payment_intent';
  const url = new URL(returnUrl);
  url.searchParams.set(kind, intent.id);
  url.searchParams.set(`${kind}_client_secret`, intent.client_secret ?? '');
  url.searchParams.set('redirect_status', ['succeeded', 'processing', 'requires_capture'].includes(intent.status) ? 'succeeded' : 'failed');
  return url.toString();
}

export function hostedAuthentication(core: EmulatorCore, method: string, intentId: string, query: URLSearchParams, rawBody: string): HostedPage {
  const returnUrl = query.get('return_url');
  if (!returnUrl) return { status: 400, headers: { 'Content-Type': 'text/plain' }, body: 'return_url is required' };
  if (method === 'GET') return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: page(`/_emulator/hosted/3ds/${intentId}?${query.toString()}`) };
  const outcome = new URLSearchParams(rawBody).get('outcome') === 'fail' ? 'fail' : 'approve';
  const result = authenticateIntent(core, intentId, { outcome });
  if (result.status !== 200) return { status: result.status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(result.body) };
  return { status: 303, headers: { Location: backTo(returnUrl, result.body as { id: string; client_secret: string | null; status: string }) }, body: '' };
}
