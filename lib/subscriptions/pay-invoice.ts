import type { Db } from "@/db/client";
import { getInvoiceRow } from "@/db/queries/billing-notices";
import { listSavedCards } from "@/db/queries/saved-cards";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { cardLabel } from "@/lib/payments/checkout-context";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { retrieveInvoiceForPayment } from "@/lib/stripe/invoices";
import { confirmSecretWithSavedCard, type SavedCardResult } from "./confirm-secret-with-card";

/** The invoice as the member sees it before paying, and where the payment form sends them after. */
async function openInvoice(db: Db, actor: TenantActor, stripeInvoiceId: string) {
  const row = await getInvoiceRow(db, { tenantId: actor.tenantId, stripeInvoiceId });
  if (!row || (row.userId !== actor.userId && !can(actor.role, "invoices.manage"))) throw new DomainError("not_found", "No such invoice.");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
  const invoice = await retrieveInvoiceForPayment(stripe.client, stripeInvoiceId);
  if (invoice.status !== "open" || !invoice.clientSecret) throw new DomainError("conflict", `This invoice is ${invoice.status ?? "not open"}; there is nothing to pay.`);
  return { row, stripe, invoice, clientSecret: invoice.clientSecret };
}

/** Where the member lands after paying: the invoices list, with a confirmation. */
export function invoicePaidPath(tenantSlug: string, stripeInvoiceId: string): string {
  return `/${tenantSlug}/billing/invoices?paid=${encodeURIComponent(stripeInvoiceId)}`;
}

/**
 * The client secret for paying an open invoice with the Payment Element (seed 003's
 * `POST /invoices/{id}/payment-intent`): the invoice's `confirmation_secret`, with what the pay page
 * shows (number, lines, memo, due date) and the payer's saved cards. Members may pay their own
 * invoices; admins any of the tenant's (saved cards are offered to the invoice's own member only).
 * Paid or void invoices are a 409, not a new charge.
 */
export async function invoicePaymentSecret(db: Db, actor: TenantActor, stripeInvoiceId: string) {
  const { row, stripe, invoice, clientSecret } = await openInvoice(db, actor, stripeInvoiceId);
  const ownInvoice = row.userId === actor.userId && row.stripeCustomerId;
  const cards = ownInvoice ? await listSavedCards(db, { tenantId: actor.tenantId, mode: row.mode, stripeCustomerId: row.stripeCustomerId! }) : [];
  return {
    invoiceId: invoice.id,
    clientSecret,
    publishableKey: stripe.publishableKey,
    stripeAccount: stripe.stripeAccount ?? null,
    amountDue: invoice.amountRemaining,
    currency: invoice.currency,
    mode: stripe.mode,
    number: invoice.number,
    memo: invoice.memo,
    dueDate: invoice.dueDate,
    lines: invoice.lines,
    moreLines: invoice.moreLines,
    tax: invoice.tax,
    hostedInvoiceUrl: invoice.hostedInvoiceUrl,
    savedCards: cards.map((c) => ({ id: c.id, label: cardLabel(c) })),
  };
}

/** Pays the member's own open invoice with one of their saved cards (confirm-secret-with-card.ts). */
export async function payInvoiceWithSavedCard(db: Db, actor: TenantActor, input: { stripeInvoiceId: string; paymentMethodId: string }): Promise<SavedCardResult> {
  const { row, stripe, clientSecret } = await openInvoice(db, actor, input.stripeInvoiceId);
  if (row.userId !== actor.userId || !row.stripeCustomerId) throw new DomainError("not_found", "No such invoice.");
  return confirmSecretWithSavedCard(db, stripe.client, {
    tenantId: actor.tenantId,
    mode: row.mode,
    stripeCustomerId: row.stripeCustomerId,
    paymentMethodId: input.paymentMethodId,
    clientSecret,
    returnPath: invoicePaidPath(actor.tenantSlug, input.stripeInvoiceId),
  });
}
