import { openDb } from "../db/client";
import { migrate } from "../db/migrate";
import { DEMO_OPERATOR, DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "../lib/demo/seed-demo-data";

// `npm run db:seed`: demo tenants acme + globex with an admin and a member each.
async function main() {
  const handle = await openDb({ url: process.env.DATABASE_URL?.trim() || undefined });
  try {
    await migrate(handle);
    const { created } = await seedDemoData(handle.db);
    console.log(created ? "Seeded demo tenants acme and globex." : "Demo tenants already present; nothing to do.");
    console.log(`Sign in with ${DEMO_USERS.map((u) => u.email).join(", ")} — password "${DEMO_PASSWORD}".`);
    console.log(`Platform console (/platform): ${DEMO_OPERATOR.email}, same password.`);
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

void main();
