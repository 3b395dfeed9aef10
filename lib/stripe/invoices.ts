import "server-only";
import type Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

export type PortalInvoice = {
  id: string;
  status: Stripe.Invoice.Status | null;
  customerId: string | null;
  amountDue: number;
  amountRemaining: number;
  currency: string;
  /** The Payment Element secret for paying it (API basil+: `confirmation_secret`, expanded). */
  clientSecret: string | null;
  hostedInvoiceUrl: string | null;
  number: string | null;
  /** The memo an admin wrote (Stripe's `description`). */
  memo: string | null;
  dueDate: Date | null;
  /** The lines Stripe includes with the invoice (the first ten; `lines.has_more` says if there are more). */
  lines: { description: string; amount: number }[];
  moreLines: boolean;
  /** Stripe Tax on the invoice (its `total_taxes`), already in `amountDue`; 0 without tax. */
  tax: number;
};

/** The PaymentIntent behind a `pi_…_secret_…` confirmation secret (Stripe's documented format). */
export function paymentIntentOfSecret(clientSecret: string): string | null {
  const at = clientSecret.indexOf("_secret_");
  return clientSecret.startsWith("pi_") && at > 0 ? clientSecret.slice(0, at) : null;
}

function toPortalInvoice(inv: Stripe.Invoice): PortalInvoice {
  return {
    id: inv.id ?? "",
    status: inv.status,
    customerId: inv.customer == null ? null : typeof inv.customer === "string" ? inv.customer : inv.customer.id,
    amountDue: inv.amount_due,
    amountRemaining: inv.amount_remaining,
    currency: inv.currency,
    clientSecret: inv.status === "open" ? (inv.confirmation_secret?.client_secret ?? null) : null,
    hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
    number: inv.number,
    memo: inv.description,
    dueDate: inv.due_date ? new Date(inv.due_date * 1000) : null,
    lines: (inv.lines?.data ?? []).map((l) => ({ description: l.description ?? "", amount: l.amount })),
    moreLines: inv.lines?.has_more ?? false,
    tax: (inv.total_taxes ?? []).reduce((sum, t) => sum + t.amount, 0),
  };
}

export async function retrieveInvoiceForPayment(client: Stripe, id: string): Promise<PortalInvoice> {
  try {
    return toPortalInvoice(await client.invoices.retrieve(id, { expand: ["confirmation_secret"] }));
  } catch (error) {
    stripeFailure(error, "invoices.retrieve");
  }
}

/** An admin's one-off invoice: draft, its lines, finalized (→ open, emailed by Stripe in live mode). */
export async function createAndFinalizeInvoice(
  client: Stripe,
  input: {
    customerId: string;
    currency: string;
    daysUntilDue: number;
    memo: string | null;
    /** Each line's total; `priceId` (the portal's catalog price) is kept in the item's metadata. */
    lines: { description: string; amount: number; priceId?: string | null }[];
    metadata: Record<string, string>;
    /** Stripe Tax (the tenant's switch): tax on the lines by the customer's address. */
    automaticTax?: boolean;
  },
  idempotencyKey: string,
): Promise<PortalInvoice> {
  try {
    const draft = await client.invoices.create(
      {
        customer: input.customerId,
        currency: input.currency,
        collection_method: "send_invoice",
        days_until_due: input.daysUntilDue,
        ...(input.memo ? { description: input.memo } : {}),
        metadata: input.metadata,
        auto_advance: false,
        ...(input.automaticTax ? { automatic_tax: { enabled: true } } : {}),
      },
      { idempotencyKey: `${idempotencyKey}-draft` },
    );
    for (const [i, line] of input.lines.entries()) {
      await client.invoiceItems.create(
        {
          customer: input.customerId,
          invoice: draft.id,
          amount: line.amount,
          currency: input.currency,
          description: line.description,
          ...(line.priceId ? { metadata: { memberpulse_price_id: line.priceId } } : {}),
        },
        { idempotencyKey: `${idempotencyKey}-line-${i}` },
      );
    }
    return toPortalInvoice(await client.invoices.finalizeInvoice(draft.id ?? "", { expand: ["confirmation_secret"] }, { idempotencyKey: `${idempotencyKey}-finalize` }));
  } catch (error) {
    stripeFailure(error, "invoices.create");
  }
}

export async function markInvoiceUncollectible(client: Stripe, id: string): Promise<PortalInvoice> {
  try {
    return toPortalInvoice(await client.invoices.markUncollectible(id, {}, { idempotencyKey: `memberpulse-uncollectible-${id}` }));
  } catch (error) {
    stripeFailure(error, "invoices.mark_uncollectible");
  }
}

export async function voidInvoice(client: Stripe, id: string): Promise<PortalInvoice> {
  try {
    return toPortalInvoice(await client.invoices.voidInvoice(id));
  } catch (error) {
    stripeFailure(error, "invoices.void");
  }
}
