import type { Db } from "@/db/client";
import { listInvoiceRows, listOpenNotices } from "@/db/queries/billing-notices";
import type { Role } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";

type Reader = { tenantId: string; userId: string; role: Role };

/**
 * Whose invoices a reader sees: their own; admins (invoices.manage) everyone's, or one member's.
 * A member naming someone else is refused rather than silently shown their own.
 */
export async function listInvoicesFor(db: Db, reader: Reader, { member, status }: { member?: string; status?: string } = {}) {
  const all = can(reader.role, "invoices.manage");
  if (member && member !== reader.userId && !all) throw new DomainError("forbidden", "Only admins can list another member's invoices.");
  return listInvoiceRows(db, { tenantId: reader.tenantId, userId: all ? member : reader.userId, ...(status ? { status } : {}) });
}

/**
 * A member's invoices page: their invoices and any failed-renewal notices, read in parallel; and,
 * back from paying one (`paid`), what to tell them: paid, or paid and waiting for Stripe's word.
 */
export async function loadMemberInvoicesView(db: Db, { tenantId, userId, paid }: { tenantId: string; userId: string; paid?: string }) {
  const [rows, notices] = await Promise.all([listInvoiceRows(db, { tenantId, userId }), listOpenNotices(db, { tenantId, userId })]);
  const justPaid = paid ? rows.find((r) => r.stripeInvoiceId === paid) : undefined;
  const paidOutcome = justPaid ? { name: justPaid.number ?? "your invoice", settled: justPaid.status === "paid" } : null;
  return { rows, notices, paidOutcome };
}
