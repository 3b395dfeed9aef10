import type { Db } from "@/db/client";
import { getBalance } from "@/db/queries/credit-ledger";
import { getMembership } from "@/db/queries/memberships";
import type { Role } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";

/**
 * Whose credits an API call reads: the caller's own, or — for admins only, with `?member=<userId>` —
 * another member of the same tenant. Anyone else naming a member gets 403; an unknown member 404.
 */
export async function creditsSubject(db: Db, ctx: { tenantId: string; userId: string; role: Role }, member: string | null): Promise<string> {
  if (!member || member === ctx.userId) return ctx.userId;
  if (!can(ctx.role, "credits.manage")) throw new DomainError("forbidden", "Only admins can read another member's credits.");
  if (!(await getMembership(db, { tenantId: ctx.tenantId, userId: member }))) throw new DomainError("not_found", "No such member in this tenant.", "member");
  return member;
}

/** GET /api/credits/balance: whose balance (creditsSubject's rule), then that balance. */
export async function creditBalanceFor(db: Db, ctx: { tenantId: string; userId: string; role: Role }, member: string | null) {
  const subject = await creditsSubject(db, ctx, member);
  return { member: subject, balance: await getBalance(db, { tenantId: ctx.tenantId, userId: subject }) };
}
