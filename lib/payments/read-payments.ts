import type { Db } from "@/db/client";
import { getMemberPayment, listPayments, type PaymentPosition, type PaymentStatusFilter } from "@/db/queries/member-payments";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { toPaymentView, type PaymentView } from "./payment-view";
import { isUuid } from "@/lib/ids";

/** Admins see every payment of the tenant; everyone else only their own. Others' ids are 404. */
function ownerScope(actor: TenantActor): string | undefined {
  return can(actor.role, "payments.view_all") ? undefined : actor.userId;
}

export async function getPaymentView(db: Db, actor: TenantActor, paymentId: string, { ownOnly = false } = {}): Promise<PaymentView> {
  if (!isUuid(paymentId)) throw new DomainError("not_found", "No such payment.");
  const userId = ownOnly ? actor.userId : ownerScope(actor);
  const found = await getMemberPayment(db, {
    tenantId: actor.tenantId,
    paymentId,
    userId,
  });
  if (!found) throw new DomainError("not_found", "No such payment.");
  return toPaymentView(found);
}

export type PaymentPageQuery = {
  status?: PaymentStatusFilter;
  userId?: string;
  from?: Date;
  to?: Date;
  search?: { text: string; amount: number | null };
  cursor?: string;
  limit?: number;
  ownOnly?: boolean;
};

/** A cursor is the last row's position: created_at in microseconds and id (db/queries/member-payments.ts). */
function decodeCursor(cursor: string): PaymentPosition {
  const [createdUs, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!createdUs || !/^\d{1,18}$/.test(createdUs) || !id || !isUuid(id)) throw new DomainError("validation_failed", "cursor: not a cursor this API returned.", "cursor");
  return { createdUs, id };
}

function encodeCursor(p: PaymentPosition): string {
  return Buffer.from(`${p.createdUs}|${p.id}`, "utf8").toString("base64url");
}

/** One page, newest first, with the cursor of the next page (null on the last). */
export async function listPaymentViews(db: Db, actor: TenantActor, q: PaymentPageQuery): Promise<{ data: PaymentView[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(q.limit ?? 25, 1), 100);
  const owner = q.ownOnly ? actor.userId : ownerScope(actor);
  const rows = await listPayments(db, {
    tenantId: actor.tenantId,
    userId: owner ?? q.userId,
    status: q.status,
    from: q.from,
    to: q.to,
    search: q.search,
    cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const data = page.map(toPaymentView);
  const last = page.at(-1);
  return {
    data,
    nextCursor: rows.length > limit && last ? encodeCursor(last.position) : null,
  };
}
