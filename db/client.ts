import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { pgliteDir } from "@/lib/data-dir";

/** One type for both drivers, so queries never care which database is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle is a Db too: query functions accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DbHandle = { db: Db; kind: "postgres" | "pglite"; url?: string; close: () => Promise<void> };

/**
 * Opens the database: Postgres (postgres.js) when a URL is given, otherwise the embedded PGlite
 * database in `dir`. PGlite has no lock of its own and two processes on one folder silently lose
 * writes, so we hold a pid lock file and refuse clearly if another live process holds it.
 */
export async function openDb(opts: { url?: string; dir?: string } = {}): Promise<DbHandle> {
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(opts.url, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      // Statements stay prepared (parsed once per connection), but each execution is planned for
      // the table as it is now. A cached generic plan made while a table was empty or small can
      // pick an index by tenant alone and then read a whole tenant per lookup (found by
      // bench/webhooks.ts: a fresh deployment slowed with every delivery). Planning these short
      // statements costs far less than one such scan.
      connection: { plan_cache_mode: "force_custom_plan" },
    });
    return { db: drizzle(client, { schema }) as unknown as Db, kind: "postgres", url: opts.url, close: () => client.end({ timeout: 5 }) };
  }
  const dir = opts.dir ?? pgliteDir();
  const inMemory = dir.startsWith("memory://");
  if (!inMemory) mkdirSync(path.dirname(dir), { recursive: true });
  const release = inMemory ? () => {} : takePgliteLock(dir);
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = new PGlite(dir);
  await client.waitReady;
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    kind: "pglite",
    close: async () => {
      await client.close();
      release();
    },
  };
}

function takePgliteLock(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  try {
    const holder = Number(readFileSync(lockFile, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database at ${dir} is already open in process ${holder}. ` +
          `PGlite cannot be shared between processes: stop that process, or set DATABASE_URL to use Postgres.`,
      );
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  writeFileSync(lockFile, String(process.pid));
  const release = () => rmSync(lockFile, { force: true });
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `db.execute()` answers an array with postgres.js and `{ rows }` with PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
