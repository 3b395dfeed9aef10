import { withTenant } from "@/lib/api/handler";
import { listQuery } from "@/lib/subscriptions/api-schemas";
import { listSubscriptionsFor } from "@/lib/subscriptions/list-subscriptions";
import { subscriptionJson } from "@/lib/subscriptions/views";

/** GET /api/subscriptions — the caller's subscriptions; admins: everyone's, or one member's with ?member=. */
export const GET = withTenant(
  async ({ db, tenant, userId, role, request }) => {
    const q = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    const rows = await listSubscriptionsFor(db, { tenantId: tenant.id, userId, role }, { member: q.member });
    const data = rows.map(subscriptionJson).filter((s) => !q.status || s.status === q.status);
    return Response.json({ object: "list", data });
  },
  { permission: "subscriptions.subscribe" },
);
