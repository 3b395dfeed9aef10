import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { getInvoiceRow } from "@/db/queries/billing-notices";
import { getMembership } from "@/db/queries/memberships";
import { getUserById } from "@/db/queries/users";
import { DomainError } from "@/lib/errors/domain-error";
import { ensureMemberCustomer } from "@/lib/payments/ensure-member-customer";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { createAndFinalizeInvoice, markInvoiceUncollectible, voidInvoice, type PortalInvoice } from "@/lib/stripe/invoices";
import { assertTenantTakesPayments } from "@/lib/platform/tenant-status";
import { memberTaxStatus } from "@/lib/tax/tax-quote";
import { resolveInvoiceLines, type AdminInvoiceInput, type ResolvedInvoice } from "./invoice-lines";

export { adminInvoiceSchema, MAX_LINES, type AdminInvoiceInput } from "./invoice-lines";

type Actor = { tenantId: string; userId: string };

export type InvoicePreview = ResolvedInvoice & { memberLabel: string; dueDate: string; memo: string | null };

async function requireMember(db: Db, tenantId: string, memberId: string) {
  const member = await getMembership(db, { tenantId, userId: memberId });
  if (!member) throw new DomainError("not_found", "This person is not a member of this portal.", "memberId");
  return member;
}

/**
 * What "Finalize and send" would send, priced by the server (nothing is written, Stripe is not
 * called): the admin checks lines, total, member and due date before the member is billed.
 */
export async function previewAdminInvoice(db: Db, actor: Actor, input: AdminInvoiceInput, now = new Date()): Promise<InvoicePreview> {
  const resolved = await resolveInvoiceLines(db, actor.tenantId, input);
  await requireMember(db, actor.tenantId, input.memberId);
  const user = await getUserById(db, { userId: input.memberId });
  const memberLabel = user?.name ? `${user.name} <${user.email}>` : (user?.email ?? "Member");
  return { ...resolved, memberLabel, dueDate: new Date(now.getTime() + input.daysUntilDue * 86_400_000).toISOString(), memo: input.memo || null };
}

/**
 * An admin bills a member: draft → lines → finalize (open, `send_invoice`, due in N days). The member
 * pays it in the portal with the Payment Element (its confirmation_secret); the webhook records it.
 */
export async function createAdminInvoice(db: Db, actor: Actor, input: AdminInvoiceInput): Promise<PortalInvoice> {
  const { currency, lines } = await resolveInvoiceLines(db, actor.tenantId, input);
  await assertTenantTakesPayments(db, { tenantId: actor.tenantId });
  await requireMember(db, actor.tenantId, input.memberId);
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const customerId = await ensureMemberCustomer(db, stripe, { tenantId: actor.tenantId, userId: input.memberId });
  const tax = await memberTaxStatus(db, stripe, { tenantId: actor.tenantId, customerId });
  if (tax.enabled && !tax.address) {
    throw new DomainError("validation_failed", "This member has no billing address yet, and tax is calculated from it. Ask them to add it under Payment methods (or when they next pay), or turn tax off.", "memberId");
  }
  const invoice = await createAndFinalizeInvoice(
    stripe.client,
    {
      customerId,
      currency,
      daysUntilDue: input.daysUntilDue,
      memo: input.memo || null,
      lines,
      metadata: { memberpulse_tenant_id: actor.tenantId, memberpulse_user_id: input.memberId },
      automaticTax: tax.enabled,
    },
    `memberpulse-invoice-${randomUUID()}`,
  );
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "invoice.created", target: invoice.id, fields: ["member", "lines", "due_date", "memo"] });
  return invoice;
}

export async function voidAdminInvoice(db: Db, actor: Actor, stripeInvoiceId: string): Promise<PortalInvoice> {
  const row = await getInvoiceRow(db, { tenantId: actor.tenantId, stripeInvoiceId });
  if (!row) throw new DomainError("not_found", "No such invoice.");
  if (row.status !== "open" && row.status !== "uncollectible") throw new DomainError("conflict", `Only open invoices can be voided; this one is ${row.status ?? "not finalized"}.`);
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
  const invoice = await voidInvoice(stripe.client, stripeInvoiceId);
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "invoice.voided", target: stripeInvoiceId, fields: ["status"] });
  return invoice;
}

/**
 * The admin gives up collecting an open invoice (Stripe keeps it payable, reports count it as bad
 * debt). The list changes when invoice.marked_uncollectible arrives.
 */
export async function markAdminInvoiceUncollectible(db: Db, actor: Actor, stripeInvoiceId: string): Promise<PortalInvoice> {
  const row = await getInvoiceRow(db, { tenantId: actor.tenantId, stripeInvoiceId });
  if (!row) throw new DomainError("not_found", "No such invoice.");
  if (row.status !== "open") throw new DomainError("conflict", `Only open invoices can be marked uncollectible; this one is ${row.status ?? "not finalized"}.`);
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
  const invoice = await markInvoiceUncollectible(stripe.client, stripeInvoiceId);
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "invoice.marked_uncollectible", target: stripeInvoiceId, fields: ["status"] });
  return invoice;
}
