import type { Db } from "@/db/client";
import { listMemberStripeCustomers } from "@/db/queries/member-stripe-customers";
import { listTenantMembers } from "@/db/queries/memberships";
import { listFlaggedReferrals } from "@/db/queries/referrals";
import { resolveAccessForTenant } from "@/lib/access/resolve-access";
import { resolveActiveMode } from "@/lib/stripe-connection/resolve";
import { listPendingInvites } from "./manage-invites";

/**
 * The admin members list: each member with their Stripe customer in the active mode and the names
 * of the entitlement sets they hold (the portal's access rule, for the whole tenant at once), plus
 * the referrals the guard flagged and the invitations nobody has accepted yet. The mode is only
 * needed for the customers, so the other reads do not wait for it.
 */
export async function loadMembersView(db: Db, { tenantId }: { tenantId: string }) {
  const modeAndCustomers = resolveActiveMode(db, { tenantId }).then(async (mode) => ({ mode, customers: await listMemberStripeCustomers(db, { tenantId, mode }) }));
  const [members, { mode, customers }, access, flagged, invites] = await Promise.all([
    listTenantMembers(db, { tenantId }),
    modeAndCustomers,
    resolveAccessForTenant(db, { tenantId }),
    listFlaggedReferrals(db, { tenantId }),
    listPendingInvites(db, { tenantId }),
  ]);
  const invited = new Set(invites.map((i) => i.userId));
  const customerOf = new Map(customers.map((c) => [c.userId, c.stripeCustomerId]));
  return {
    mode,
    flagged,
    invites,
    members: members.map((m) => ({
      ...m,
      invited: invited.has(m.userId),
      stripeCustomerId: customerOf.get(m.userId) ?? null,
      access: access.get(m.userId)?.entitlements.map((e) => e.setName) ?? [],
    })),
  };
}
