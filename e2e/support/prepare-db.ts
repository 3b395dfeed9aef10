import postgres from "postgres";
import { openDb } from "../../db/client";
import { migrate } from "../../db/migrate";
import { DEMO_PASSWORD, seedDemoData } from "../../lib/demo/seed-demo-data";
import { addMembership } from "../../db/queries/memberships";
import { createTenant, getTenantBySlug } from "../../db/queries/tenants";
import { createUser } from "../../db/queries/users";
import { hashPassword } from "../../lib/auth/password";
import { SPEC_TENANTS } from "./spec-tenants";
import { ADMIN_DATABASE_URL, assertLocalDatabase, E2E_DATABASE_NAME, e2eDatabaseUrl } from "./e2e-env";

/** Creates, migrates and seeds this run's database (before `next start` opens it). */
async function main() {
  assertLocalDatabase(ADMIN_DATABASE_URL);
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${E2E_DATABASE_NAME}`;
  if (!exists) await admin.unsafe(`create database "${E2E_DATABASE_NAME}"`);
  await admin.end();
  const handle = await openDb({ url: e2eDatabaseUrl() });
  await migrate(handle);
  await seedDemoData(handle.db, { nodeEnv: "test" });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const slug of Object.values(SPEC_TENANTS)) {
    if (await getTenantBySlug(handle.db, { slug })) continue;
    const tenant = await createTenant(handle.db, { slug, name: `E2E ${slug.replace("e2e-", "")}` });
    for (const role of ["ROLE_CLIENT_ADMIN", "ROLE_MEMBER"] as const) {
      const local = role === "ROLE_CLIENT_ADMIN" ? "admin" : "member";
      const user = await createUser(handle.db, { email: `${local}@${slug}.test`, name: `${local === "admin" ? "Ada" : "Max"} ${slug}`, passwordHash });
      await addMembership(handle.db, { tenantId: tenant.id, userId: user.id, role });
    }
  }
  await handle.close();
  console.log(`[e2e] database ${E2E_DATABASE_NAME} ready`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
