import postgres from "postgres";
import { openDb } from "../../db/client";
import { migrate } from "../../db/migrate";
import { seedDemoData } from "../../db/seed";
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
  await handle.close();
  console.log(`[e2e] database ${E2E_DATABASE_NAME} ready`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
