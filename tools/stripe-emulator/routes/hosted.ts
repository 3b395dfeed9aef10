// GET /_emulator/hosted/invoices/{id}[/pdf]: what an invoice's `hosted_invoice_url` / `invoice_pdf`
// point at. Stripe serves a payment page and a PDF; the emulator answers with the invoice's summary
// so links in the app resolve instead of 404ing.
import type { EmulatorCore } from '../core';
import { billingOf } from '../billing/state';
import { portalSessionsOf } from './billing-portal';
import type { ControlResult } from './control';

export function hostedInvoice(core: EmulatorCore, id: string): ControlResult {
  for (const state of core.store.accounts.values()) {
    const inv = billingOf(state).invoices.get(id);
    if (inv) {
      return {
        status: 200,
        body: { hosted_invoice: true, id: inv.id, number: inv.number, status: inv.status, amount_due: inv.amount_due, amount_remaining: inv.amount_remaining, currency: inv.currency, lines: inv.lines.data.map((l) => ({ description: l.description, amount: l.amount })) },
      };
    }
  }
  return { status: 404, body: { error: { type: 'invalid_request_error', message: `No such invoice: '${id}'` } } };
}

export function hostedPortal(core: EmulatorCore, id: string): ControlResult {
  for (const state of core.store.accounts.values()) {
    const session = portalSessionsOf(state).get(id);
    if (session) return { status: 200, body: { hosted_portal: true, id: session.id, customer: session.customer, return_url: session.return_url } };
  }
  return { status: 404, body: { error: { type: 'invalid_request_error', message: `No such portal session: '${id}'` } } };
}
