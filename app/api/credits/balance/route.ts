import { withTenant } from "@/lib/api/handler";
import { creditBalanceFor } from "@/lib/credits/credits-subject";

/** GET /api/credits/balance?tenant=acme[&member=<userId> (admins)] — 1 credit = 1 cent; may be negative after a refund. */
export const GET = withTenant(
  async ({ db, tenant, userId, role, request }) => {
    const { member, balance } = await creditBalanceFor(db, { tenantId: tenant.id, userId, role }, new URL(request.url).searchParams.get("member"));
    return Response.json({ object: "credit_balance", member: member, balance });
  },
  { permission: "credits.view" },
);
