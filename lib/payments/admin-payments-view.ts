import type { z } from "zod";
import type { Db } from "@/db/client";
import { listMembers } from "@/lib/members/member-directory";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { paymentListFilters, type listQuery } from "./api-schemas";
import { listPaymentViews } from "./read-payments";

const PAGE_SIZE = 25;

/** The admin payments page: one filtered page of payments and the members to filter by, read in parallel. */
export async function loadAdminPaymentsView(db: Db, actor: TenantActor, q: z.infer<typeof listQuery>) {
  const filters = { ...paymentListFilters(q), limit: PAGE_SIZE };
  const [page, members] = await Promise.all([
    // A cursor someone edited by hand just starts over at the newest payments.
    listPaymentViews(db, actor, { ...filters, cursor: q.cursor }).catch(() => listPaymentViews(db, actor, filters)),
    listMembers(db, { tenantId: actor.tenantId }),
  ]);
  return { page, members };
}
