import type { Db } from "@/db/client";
import { exportInvoicesBatch, exportLedgerBatch, exportSubscriptionsBatch } from "@/db/queries/exports";
import { listMembersPage } from "@/db/queries/member-list";
import { can, type Permission } from "@/lib/auth/permissions";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { DomainError } from "@/lib/errors/domain-error";
import { minorToInput } from "@/lib/money";
import { iso, keysetCsv } from "./keyset-csv";

const BATCH = 200;

export type TenantExport = "members" | "subscriptions" | "invoices" | "credit-ledger";

const PERMISSION: Record<TenantExport, Permission> = {
  members: "members.manage",
  subscriptions: "subscriptions.view_all",
  invoices: "invoices.manage",
  "credit-ledger": "credits.manage",
};

/**
 * One of the tenant's lists as a streamed CSV (admins only; everything read is scoped to the
 * actor's tenant). Amounts in major units with a dot, dates ISO 8601 UTC, as the payments export.
 */
export function tenantExportCsv(db: Db, actor: TenantActor, kind: TenantExport): ReadableStream<Uint8Array> {
  if (!can(actor.role, PERMISSION[kind])) throw new DomainError("forbidden", "Only admins can export this list.");
  const tenantId = actor.tenantId;
  switch (kind) {
    case "members":
      return keysetCsv(
        ["user_id", "email", "name", "role", "joined_at"],
        (after: { key: string; userId: string } | undefined) => listMembersPage(db, { tenantId, sort: "email", after, limit: BATCH }),
        (r) => ({ key: r.key, userId: r.userId }),
        (r) => [r.userId, r.email, r.name, r.role, iso(r.joinedAt)],
        BATCH,
      );
    case "subscriptions":
      return keysetCsv(
        ["created_at", "stripe_subscription_id", "member_email", "member_name", "plan", "amount", "currency", "interval", "status", "cancel_at_period_end", "current_period_end", "ended_at", "livemode"],
        (cursor: { createdAt: string; id: string } | undefined) => exportSubscriptionsBatch(db, { tenantId, cursor, limit: BATCH }),
        (r) => ({ createdAt: r.cursorTs, id: r.id }),
        (r) => [
          iso(r.createdAt),
          r.stripeSubscriptionId,
          r.memberEmail,
          r.memberName,
          r.nickname ? `${r.plan} (${r.nickname})` : r.plan,
          minorToInput(r.amount, r.currency),
          r.currency.toUpperCase(),
          r.interval,
          r.status ?? "pending",
          r.cancelAtPeriodEnd ? "true" : "false",
          iso(r.currentPeriodEnd),
          iso(r.endedAt),
          r.mode === "live" ? "true" : "false",
        ],
        BATCH,
      );
    case "invoices":
      return keysetCsv(
        ["created_at", "stripe_invoice_id", "number", "member_email", "status", "amount_due", "amount_paid", "amount_remaining", "currency", "due_date", "subscription", "hosted_invoice_url", "invoice_pdf", "livemode"],
        (cursor: { createdAt: string; id: string } | undefined) => exportInvoicesBatch(db, { tenantId, cursor, limit: BATCH }),
        (r) => ({ createdAt: r.cursorTs, id: r.id }),
        (r) => [
          iso(r.createdAt),
          r.stripeInvoiceId,
          r.number,
          r.memberEmail,
          r.status,
          minorToInput(r.amountDue, r.currency),
          minorToInput(r.amountPaid, r.currency),
          minorToInput(r.amountRemaining, r.currency),
          r.currency.toUpperCase(),
          iso(r.dueDate),
          r.stripeSubscriptionId,
          r.hostedInvoiceUrl,
          r.invoicePdf,
          r.mode === "live" ? "true" : "false",
        ],
        BATCH,
      );
    case "credit-ledger":
      return keysetCsv(
        ["created_at", "entry_id", "member_email", "credits", "reason", "description", "stripe_payment_intent_id", "stripe_refund_id"],
        (cursor: { createdAt: string; id: string } | undefined) => exportLedgerBatch(db, { tenantId, cursor, limit: BATCH }),
        (r) => ({ createdAt: r.cursorTs, id: r.id }),
        (r) => [iso(r.createdAt), r.id, r.memberEmail, r.delta, r.reason, r.description, r.stripePaymentIntentId, r.stripeRefundId],
        BATCH,
      );
  }
}

/** GET /api/{list}/export: the download response for one of the tenant's lists. */
export function tenantExportResponse(db: Db, actor: TenantActor, kind: TenantExport, tenantSlug: string): Response {
  const day = new Date().toISOString().slice(0, 10);
  return new Response(tenantExportCsv(db, actor, kind), {
    headers: { "cache-control": "private, no-store", "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${kind}-${tenantSlug}-${day}.csv"` },
  });
}
