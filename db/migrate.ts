import path from "node:path";
import type { DbHandle } from "./client";

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
// Any constant works; it only has to be the same in every instance of the app.
const MIGRATION_LOCK = 727_272;

/**
 * Applies the committed SQL migrations. On Postgres a session advisory lock, held on a dedicated
 * connection, serialises concurrent starts (two app instances booting together must not both run
 * the same migration).
 */
export async function migrate(handle: DbHandle, folder = MIGRATIONS): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(handle.db as never, { migrationsFolder: folder });
    return;
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(handle.url ?? "", { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await run(drizzle(client), { migrationsFolder: folder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
