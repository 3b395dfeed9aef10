import { openDb } from "../db/client";
import { migrate } from "../db/migrate";

// `npm run db:migrate`: applies db/migrations to DATABASE_URL, or to the embedded database.
async function main() {
  const handle = await openDb({ url: process.env.DATABASE_URL?.trim() || undefined });
  await migrate(handle);
  await handle.close();
  console.log(`Migrated the ${handle.kind === "postgres" ? "Postgres" : "embedded PGlite"} database.`);
}

void main();
