import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { addMembership } from "@/db/queries/memberships";
import { grantPlatformAdmin } from "@/db/queries/platform";
import { createTenant, getTenantBySlug } from "@/db/queries/tenants";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";

/** Development and demo only: well-known passwords must never reach a production database. */
export const DEMO_PASSWORD = "memberpulse";

export const DEMO_TENANTS = [
  { slug: "acme", name: "Acme Fitness Club" },
  { slug: "globex", name: "Globex Guild" },
] as const;

export const DEMO_USERS: { email: string; name: string; tenant: string; role: Role }[] = [
  { email: "admin@acme.test", name: "Ada Admin", tenant: "acme", role: "ROLE_CLIENT_ADMIN" },
  { email: "member@acme.test", name: "Max Member", tenant: "acme", role: "ROLE_MEMBER" },
  { email: "admin@globex.test", name: "Gina Admin", tenant: "globex", role: "ROLE_CLIENT_ADMIN" },
  { email: "member@globex.test", name: "Gus Member", tenant: "globex", role: "ROLE_MEMBER" },
];

/** The demo's platform operator (the /platform console); real deployments use `npm run platform:operator`. */
export const DEMO_OPERATOR = { email: "operator@memberpulse.test", name: "Olga Operator" } as const;

export class SeedRefused extends Error {}

/** Creates the demo tenants and users if they are missing. Safe to run repeatedly. */
export async function seedDemoData(db: Db, { nodeEnv = process.env.NODE_ENV } = {}): Promise<{ created: boolean }> {
  if (nodeEnv === "production" && !process.env.MEMBERPULSE_ALLOW_DEMO_SEED) {
    throw new SeedRefused(
      "Refusing to seed demo users with a well-known password into a production database. " +
        "Set MEMBERPULSE_ALLOW_DEMO_SEED=1 only for a throwaway demo deployment.",
    );
  }
  // Before the early return, so databases seeded before operators existed get one too.
  if (!(await getUserByEmail(db, { email: DEMO_OPERATOR.email }))) {
    const operator = await createUser(db, { ...DEMO_OPERATOR, passwordHash: await hashPassword(DEMO_PASSWORD) });
    await grantPlatformAdmin(db, { userId: operator.id });
  }
  if (await getTenantBySlug(db, { slug: "acme" })) return { created: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const tenantIds = new Map<string, string>();
    for (const t of DEMO_TENANTS) tenantIds.set(t.slug, (await createTenant(tx as unknown as Db, t)).id);
    for (const u of DEMO_USERS) {
      const user = (await getUserByEmail(tx as unknown as Db, { email: u.email })) ?? (await createUser(tx as unknown as Db, { email: u.email, name: u.name, passwordHash }));
      await addMembership(tx as unknown as Db, { tenantId: tenantIds.get(u.tenant)!, userId: user.id, role: u.role });
    }
  });
  return { created: true };
}
