import type { z } from "zod";
import type { Db } from "@/db/client";
import { getTenantMember } from "@/db/queries/memberships";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { paymentListFilters, type listQuery } from "./api-schemas";
import { listPaymentViews } from "./read-payments";

const PAGE_SIZE = 25;

/**
 * The admin payments page: one filtered page of payments and, when the list is narrowed to one
 * member (`?member=<userId>`, as the CSV export and the API take it), who that is. Members are found
 * with the search field, not a list of every member (2,000 options made the page half a megabyte).
 */
export async function loadAdminPaymentsView(db: Db, actor: TenantActor, q: z.infer<typeof listQuery>) {
  const filters = { ...paymentListFilters(q), limit: PAGE_SIZE };
  const [page, member] = await Promise.all([
    // A cursor someone edited by hand just starts over at the newest payments.
    listPaymentViews(db, actor, { ...filters, cursor: q.cursor }).catch(() => listPaymentViews(db, actor, filters)),
    q.member ? getTenantMember(db, { tenantId: actor.tenantId, userId: q.member }) : undefined,
  ]);
  return { page, member: member ?? null };
}
