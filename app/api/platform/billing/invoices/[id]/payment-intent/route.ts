import { withTenant } from "@/lib/api/handler";
import { DomainError } from "@/lib/errors/domain-error";
import { platformInvoicePaymentSecret } from "@/lib/platform-billing/portal-billing";

/** POST /api/platform/billing/invoices/{id}/payment-intent — the client secret for paying one of the tenant's open platform invoices (seed 003). Tenant admins only. */
export const POST = withTenant(
  async (ctx) => {
    const id = ctx.params.id;
    if (typeof id !== "string" || !/^in_[A-Za-z0-9]+$/.test(id)) throw new DomainError("not_found", "No such invoice.");
    const p = await platformInvoicePaymentSecret(ctx.db, ctx.actor, { invoiceId: id });
    return Response.json({ invoice: p.invoiceId, client_secret: p.clientSecret, publishable_key: p.publishableKey, amount_due: p.amountDue, currency: p.currency });
  },
  { permission: "platform_billing.manage" },
);
