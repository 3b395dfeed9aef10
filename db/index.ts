import "server-only";
import { openDb, type Db, type DbHandle } from "./client";
import { migrate } from "./migrate";

// The proxy and the app are separate module graphs in one process: keep the handle on globalThis
// so both (and hot reloads) share one pool / one embedded database.
const g = globalThis as typeof globalThis & { __memberpulseDb?: Promise<DbHandle> };

/** The app's database, opened and migrated on first use. */
export function getDbHandle(): Promise<DbHandle> {
  g.__memberpulseDb ??= (async () => {
    const handle = await openDb({ url: process.env.DATABASE_URL?.trim() || undefined });
    await migrate(handle);
    return handle;
  })();
  return g.__memberpulseDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export type { Db, Tx } from "./client";
