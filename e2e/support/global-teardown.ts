import postgres from "postgres";
import { ADMIN_DATABASE_URL, E2E_DATABASE_NAME } from "./e2e-env";

export default async function teardown() {
  if (process.env.E2E_KEEP_DATABASE) return;
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${E2E_DATABASE_NAME}" with (force)`);
  await admin.end();
}
