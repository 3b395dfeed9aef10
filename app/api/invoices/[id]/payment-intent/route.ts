import { DomainError } from "@/lib/errors/domain-error";
import { withTenant } from "@/lib/api/handler";
import { INVOICE_ID } from "@/lib/subscriptions/api-schemas";
import { invoicePaymentSecret } from "@/lib/subscriptions/pay-invoice";

/** POST /api/invoices/{id}/payment-intent — the client secret for paying an open invoice (seed 003). */
export const POST = withTenant(
  async (ctx) => {
    const id = INVOICE_ID.safeParse(ctx.params.id);
    if (!id.success) throw new DomainError("not_found", "No such invoice.");
    const p = await invoicePaymentSecret(ctx.db, ctx.actor, id.data);
    return Response.json({ invoice: p.invoiceId, client_secret: p.clientSecret, publishable_key: p.publishableKey, stripe_account: p.stripeAccount, amount_due: p.amountDue, currency: p.currency, livemode: p.mode === "live" });
  },
  { permission: "invoices.pay" },
);
