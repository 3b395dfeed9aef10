import { listSubscriptionRows } from "@/db/queries/member-subscriptions";
import { ApiError } from "@/lib/api/errors";
import { withTenant } from "@/lib/api/handler";
import { can } from "@/lib/auth/permissions";
import { listQuery } from "@/lib/subscriptions/api-schemas";
import { subscriptionJson } from "@/lib/subscriptions/views";

/** GET /api/subscriptions — the caller's subscriptions; admins: everyone's, or one member's with ?member=. */
export const GET = withTenant(
  async ({ db, tenant, userId, role, request }) => {
    const q = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    const all = can(role, "subscriptions.view_all");
    if (q.member && q.member !== userId && !all) throw new ApiError("forbidden", "Only admins can list another member's subscriptions.");
    const rows = await listSubscriptionRows(db, { tenantId: tenant.id, userId: all ? q.member : userId });
    const data = rows.map(subscriptionJson).filter((s) => !q.status || s.status === q.status);
    return Response.json({ object: "list", data });
  },
  { permission: "subscriptions.subscribe" },
);
