import { randomUUID } from "node:crypto";
import { afterAll, inject } from "vitest";
import { openDb, type Db, type DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { addMembership } from "@/db/queries/memberships";
import { createTenant } from "@/db/queries/tenants";
import { createUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";

/**
 * The run's database (see tests/global-setup.ts): the shared Postgres test database, or a private
 * in-memory PGlite when Postgres is unreachable. Closed after the file's tests.
 */
export async function useTestDb(): Promise<DbHandle> {
  const url = inject("databaseUrl");
  const handle = url ? await openDb({ url }) : await openDb({ dir: "memory://" });
  if (!url) await migrate(handle);
  // Route handlers and services that call the app's getDb() must see this same database (on
  // PGlite there is no URL to share), so install the handle as the app's singleton.
  (globalThis as { __memberpulseDb?: Promise<DbHandle> }).__memberpulseDb = Promise.resolve(handle);
  afterAll(() => handle.close());
  return handle;
}

export const TEST_PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;

/** A tenant of its own with one admin and one member, so test files never collide. */
export async function createTestTenant(db: Db, label = "t") {
  const suffix = randomUUID().slice(0, 8);
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const tenant = await createTenant(db, { slug: `${label}-${suffix}`, name: `Tenant ${label} ${suffix}` });
  const admin = await createUser(db, { email: `admin-${suffix}@${label}.test`, name: "Test Admin", passwordHash: hash });
  const member = await createUser(db, { email: `member-${suffix}@${label}.test`, name: "Test Member", passwordHash: hash });
  await addMembership(db, { tenantId: tenant.id, userId: admin.id, role: "ROLE_CLIENT_ADMIN" });
  await addMembership(db, { tenantId: tenant.id, userId: member.id, role: "ROLE_MEMBER" });
  return { tenant, admin, member };
}
