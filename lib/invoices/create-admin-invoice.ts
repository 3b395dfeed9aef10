import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { getInvoiceRow } from "@/db/queries/billing-notices";
import { getMembership } from "@/db/queries/memberships";
import { DomainError } from "@/lib/errors/domain-error";
import { amountLimitMessage, MAX_STRIPE_AMOUNT, parseMoney } from "@/lib/money";
import { ensureMemberCustomer } from "@/lib/payments/ensure-member-customer";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { createAndFinalizeInvoice, voidInvoice, type PortalInvoice } from "@/lib/stripe/invoices";
import { assertTenantTakesPayments } from "@/lib/platform/tenant-status";

export const MAX_LINES = 5;

export const adminInvoiceSchema = z.object({
  memberId: z.string().min(1, "Choose a member."),
  currency: z.enum(["usd", "eur", "gbp"]).default("usd"),
  daysUntilDue: z.coerce.number().int().min(1, "Due in at least 1 day.").max(90, "Due within 90 days."),
  memo: z.string().trim().max(500).optional(),
  lines: z
    .array(z.object({ description: z.string().trim().min(1, "Each line needs a description.").max(200), amount: z.string().trim().min(1, "Each line needs an amount.") }))
    .min(1, "Add at least one line.")
    .max(MAX_LINES),
});
export type AdminInvoiceInput = z.infer<typeof adminInvoiceSchema>;

/**
 * The lines in minor units, each and their total within Stripe's limits (checked before anything is
 * written or sent to Stripe: an oversized line would otherwise fail after the customer and the
 * draft invoice exist).
 */
export function invoiceLines(input: Pick<AdminInvoiceInput, "lines" | "currency">) {
  const lines = input.lines.map((l, i) => {
    const amount = parseMoney(l.amount, input.currency);
    const field = `lines.${i}.amount`;
    if (amount === null || amount < 1) throw new DomainError("validation_failed", `“${l.amount}” is not an amount like 12.50.`, field);
    if (amount > MAX_STRIPE_AMOUNT) throw new DomainError("validation_failed", `Line ${i + 1}: ${amountLimitMessage(input.currency)}`, field);
    return { description: l.description, amount };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  if (total < 50) throw new DomainError("validation_failed", "The invoice total must be at least 0.50.", "lines");
  if (total > MAX_STRIPE_AMOUNT) throw new DomainError("validation_failed", amountLimitMessage(input.currency, "The invoice total"), "lines");
  return lines;
}

/**
 * An admin bills a member: draft → lines → finalize (open, `send_invoice`, due in N days). The member
 * pays it in the portal with the Payment Element (its confirmation_secret); the webhook records it.
 */
export async function createAdminInvoice(db: Db, actor: { tenantId: string; userId: string }, input: AdminInvoiceInput): Promise<PortalInvoice> {
  const lines = invoiceLines(input);
  await assertTenantTakesPayments(db, { tenantId: actor.tenantId });
  const member = await getMembership(db, { tenantId: actor.tenantId, userId: input.memberId });
  if (!member) throw new DomainError("not_found", "This person is not a member of this portal.", "memberId");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const customerId = await ensureMemberCustomer(db, stripe, { tenantId: actor.tenantId, userId: input.memberId });
  const invoice = await createAndFinalizeInvoice(
    stripe.client,
    { customerId, currency: input.currency, daysUntilDue: input.daysUntilDue, memo: input.memo || null, lines, metadata: { memberpulse_tenant_id: actor.tenantId, memberpulse_user_id: input.memberId } },
    `memberpulse-invoice-${randomUUID()}`,
  );
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "invoice.created", target: invoice.id, fields: ["member", "lines", "due_date", "memo"] });
  return invoice;
}

export async function voidAdminInvoice(db: Db, actor: { tenantId: string; userId: string }, stripeInvoiceId: string): Promise<PortalInvoice> {
  const row = await getInvoiceRow(db, { tenantId: actor.tenantId, stripeInvoiceId });
  if (!row) throw new DomainError("not_found", "No such invoice.");
  if (row.status !== "open" && row.status !== "uncollectible") throw new DomainError("conflict", `Only open invoices can be voided; this one is ${row.status ?? "not finalized"}.`);
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
  const invoice = await voidInvoice(stripe.client, stripeInvoiceId);
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "invoice.voided", target: stripeInvoiceId, fields: ["status"] });
  return invoice;
}
