import type { Db } from "@/db/client";
import { getInvoiceRow } from "@/db/queries/billing-notices";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { retrieveInvoiceForPayment } from "@/lib/stripe/invoices";

/**
 * The client secret for paying an open invoice with the Payment Element (seed 003's
 * `POST /invoices/{id}/payment-intent`): the invoice's `confirmation_secret`. Members may pay their
 * own invoices; admins any of the tenant's. Paid or void invoices are a 409, not a new charge.
 */
export async function invoicePaymentSecret(db: Db, actor: TenantActor, stripeInvoiceId: string) {
  const row = await getInvoiceRow(db, { tenantId: actor.tenantId, stripeInvoiceId });
  if (!row || (row.userId !== actor.userId && !can(actor.role, "invoices.manage"))) throw new DomainError("not_found", "No such invoice.");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
  const invoice = await retrieveInvoiceForPayment(stripe.client, stripeInvoiceId);
  if (invoice.status !== "open" || !invoice.clientSecret) throw new DomainError("conflict", `This invoice is ${invoice.status ?? "not open"}; there is nothing to pay.`);
  return {
    invoiceId: invoice.id,
    clientSecret: invoice.clientSecret,
    publishableKey: stripe.publishableKey,
    amountDue: invoice.amountRemaining,
    currency: invoice.currency,
    mode: stripe.mode,
  };
}
