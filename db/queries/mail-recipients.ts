import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, memberStripeCustomers, noticeOptOuts, payments, tenants, users, type StripeMode } from "../schema";

export type Recipient = { userId: string; email: string };
export type MailTenant = { name: string; slug: string };

/** Who the mail is from and where its links point. */
export async function getMailTenant(db: Db, { tenantId }: { tenantId: string }): Promise<MailTenant | null> {
  const [row] = await db.select({ name: tenants.name, slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return row ?? null;
}

/** The portal member linked to a Stripe customer (none for customers made outside the portal). */
export async function findMemberByCustomer(db: Db, { tenantId, mode, stripeCustomerId }: { tenantId: string; mode: StripeMode; stripeCustomerId: string }): Promise<Recipient | null> {
  const [row] = await db
    .select({ userId: users.id, email: users.email })
    .from(memberStripeCustomers)
    .innerJoin(users, eq(users.id, memberStripeCustomers.userId))
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, tenantId)))
    .where(and(eq(memberStripeCustomers.tenantId, tenantId), eq(memberStripeCustomers.mode, mode), eq(memberStripeCustomers.stripeCustomerId, stripeCustomerId)))
    .limit(1);
  return row ?? null;
}

/** A user, only while they are a member of the tenant. */
export async function findTenantMember(db: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<Recipient | null> {
  const [row] = await db
    .select({ userId: users.id, email: users.email })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, tenantId)))
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

/**
 * A member's receipt in one statement: the member (only while in the tenant), the tenant the mail is
 * from, and whether they turned this notice off. Null when the user is not a member.
 */
export async function findMemberMailTarget(
  db: Db,
  { tenantId, userId, notice }: { tenantId: string; userId: string; notice: string },
): Promise<{ recipient: Recipient; tenant: MailTenant; optedOut: boolean } | null> {
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      name: tenants.name,
      slug: tenants.slug,
      optedOut: sql<boolean>`exists (select 1 from ${noticeOptOuts} where ${noticeOptOuts.tenantId} = ${tenants.id} and ${noticeOptOuts.userId} = ${users.id} and ${noticeOptOuts.notice} = ${notice})`,
    })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, tenantId)))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(users.id, userId))
    .limit(1);
  return row ? { recipient: { userId: row.userId, email: row.email }, tenant: { name: row.name, slug: row.slug }, optedOut: row.optedOut } : null;
}

/**
 * The buyer of a portal payment — the member recorded on it, else its customer's member — and the
 * tenant the mail is from, in one statement. Null when the payment is unknown or the buyer is not
 * (or no longer) a member.
 */
export async function findPaymentBuyer(
  db: Db,
  { tenantId, mode, paymentIntentId }: { tenantId: string; mode: StripeMode; paymentIntentId: string },
): Promise<{ recipient: Recipient; tenant: MailTenant } | null> {
  const customersMember = sql`(select ${memberStripeCustomers.userId} from ${memberStripeCustomers} where ${memberStripeCustomers.tenantId} = ${payments.tenantId} and ${memberStripeCustomers.mode} = ${mode} and ${memberStripeCustomers.stripeCustomerId} = ${payments.stripeCustomerId} limit 1)`;
  const [row] = await db
    .select({ userId: users.id, email: users.email, name: tenants.name, slug: tenants.slug })
    .from(payments)
    .innerJoin(tenants, eq(tenants.id, payments.tenantId))
    .innerJoin(users, eq(users.id, sql`coalesce(${payments.userId}, ${customersMember})`))
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, payments.tenantId)))
    .where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, paymentIntentId)))
    .limit(1);
  return row ? { recipient: { userId: row.userId, email: row.email }, tenant: { name: row.name, slug: row.slug } } : null;
}

export async function listTenantAdmins(db: Db, { tenantId }: { tenantId: string }): Promise<Recipient[]> {
  return db
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "ROLE_CLIENT_ADMIN")));
}
