import "server-only";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { pgliteDir } from "./data-dir";

/** One type for both drivers, so queries never care which database is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle is a Db too: query functions accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DbHandle = {
  db: Db;
  kind: "postgres" | "pglite";
  url?: string;
  /** Connections the handle can use at once: the Postgres pool size, 1 for PGlite (one embedded session). */
  poolSize: number;
  /** The embedded database itself (PGlite only): the job queue runs its own SQL on it (lib/jobs). */
  pglite?: PGlite;
  close: () => Promise<void>;
};

/**
 * Limits of the Postgres pool, from the environment (see README "Configuration"). The server-side
 * timeouts make sure no bug can hold a pooled connection forever: a statement running longer than
 * `statementTimeoutMs` is cancelled (SQLSTATE 57014), and a session that sits idle inside an open
 * transaction for `idleInTransactionTimeoutMs` (a request that awaits something else between two
 * queries of its transaction) is ended by the server (25P03), which releases its row locks; the
 * transaction's queries then reject and the request answers 5xx. 0 disables a limit.
 */
export type PoolConfig = {
  poolSize: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  connectTimeoutMs: number;
};

export const POOL_DEFAULTS: PoolConfig = {
  poolSize: 10,
  // Far above any statement of a request (webhook deliveries take milliseconds), low enough that a
  // runaway query does not hold a pool connection for long.
  statementTimeoutMs: 30_000,
  // A request never waits for anything but the database inside a transaction (DESIGN.md), so a
  // transaction idle this long is a bug: end it and free its locks.
  idleInTransactionTimeoutMs: 15_000,
  // postgres.js waits 30 s by default; a database that does not accept a connection within 10 s is
  // down as far as a request is concerned (Stripe retries a 503).
  connectTimeoutMs: 10_000,
};

const POOL_ENV: Record<keyof PoolConfig, string> = {
  poolSize: "DATABASE_POOL_SIZE",
  statementTimeoutMs: "DATABASE_STATEMENT_TIMEOUT_MS",
  idleInTransactionTimeoutMs: "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS",
  connectTimeoutMs: "DATABASE_CONNECT_TIMEOUT_MS",
};

/** Reads the pool limits from the environment; a value that is not a whole number stops start-up, naming the variable. */
export function poolConfigFromEnv(source: Record<string, string | undefined> = process.env): PoolConfig {
  const config = { ...POOL_DEFAULTS };
  for (const key of Object.keys(POOL_ENV) as (keyof PoolConfig)[]) {
    const name = POOL_ENV[key];
    const raw = source[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    const min = key === "poolSize" || key === "connectTimeoutMs" ? 1 : 0;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new Error(`${name} must be a whole number${min ? ` of at least ${min}` : " (0 = no limit)"}, got "${raw}".`);
    }
    config[key] = value;
  }
  return config;
}

const PLAN_CACHE_MODES = ["force_custom_plan", "auto", "force_generic_plan"] as const;

/** DATABASE_PLAN_CACHE_MODE: Postgres' plan_cache_mode for every pooled session (a tuning knob; see openDb). */
export function planCacheModeFromEnv(source: Record<string, string | undefined> = process.env): (typeof PLAN_CACHE_MODES)[number] {
  const raw = source.DATABASE_PLAN_CACHE_MODE?.trim();
  if (!raw) return "force_custom_plan";
  const mode = PLAN_CACHE_MODES.find((m) => m === raw);
  if (!mode) throw new Error(`DATABASE_PLAN_CACHE_MODE must be one of ${PLAN_CACHE_MODES.join(", ")}, got "${raw}".`);
  return mode;
}

/**
 * postgres.js waits between reconnect attempts after a connection error: its default curve grows to
 * 20 s after a handful of errors (and resets only when a connection succeeds), so after a burst of
 * terminated backends a request could wait 20 s for a connection to a healthy server. Same curve,
 * capped at 2 s.
 */
const reconnectBackoff = (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 2);

/**
 * Opens the database: Postgres (postgres.js) when a URL is given, otherwise the embedded PGlite
 * database in `dir`. PGlite has no lock of its own and two processes on one folder silently lose
 * writes, so we hold a pid lock file and refuse clearly if another live process holds it.
 */
export async function openDb(opts: { url?: string; dir?: string; pool?: Partial<PoolConfig> } = {}): Promise<DbHandle> {
  if (opts.url) {
    const config = { ...poolConfigFromEnv(), ...opts.pool };
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    // As strings, so that 0 ("no limit") is sent too: postgres.js leaves falsy parameters out of the
    // startup message, which would let a server-, database- or role-level default apply instead.
    const timeouts: Record<string, string> = {
      statement_timeout: String(config.statementTimeoutMs),
      idle_in_transaction_session_timeout: String(config.idleInTransactionTimeoutMs),
    };
    // postgres.js 3.4.9 is patched at install time (scripts/patch-postgres.mjs): without it, a
    // connection the server closes under load can crash the process and leave pool slots dead.
    const client = postgres(opts.url, {
      max: config.poolSize,
      onnotice: () => {},
      connect_timeout: config.connectTimeoutMs / 1000,
      backoff: reconnectBackoff,
      // Sent as run-time parameters in the startup message: every pooled session has them, also
      // after a reconnect, with no extra round trip.
      connection: {
        // Statements stay prepared (parsed once per connection), but each execution is planned for
        // the table as it is now. A cached generic plan made while a table was empty or small can
        // pick an index by tenant alone and then read a whole tenant per lookup (found by
        // bench/webhooks.ts: a fresh deployment slowed with every delivery). Planning these short
        // statements costs far less than one such scan.
        plan_cache_mode: planCacheModeFromEnv(),
        ...timeouts,
      },
    });
    return {
      db: drizzle(preparingAll(client), { schema }) as unknown as Db,
      kind: "postgres",
      url: opts.url,
      poolSize: config.poolSize,
      close: () => client.end({ timeout: 5 }),
    };
  }
  // PGlite: no timeouts. It is one embedded session, so idle_in_transaction_session_timeout would end
  // the whole database; and it accepts statement_timeout but never enforces it (no timer signals in
  // its WebAssembly build: a 2 s pg_sleep under a 200 ms limit completes), so setting it would only
  // pretend.
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
    poolSize: 1,
    pglite: client,
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * The postgres.js client as Drizzle should see it: every statement prepared (named, once per
 * connection). Drizzle sends its queries with `prepare: false` unless each one is given a name, and
 * postgres.js then asks the server to describe every parametrised statement before running it: two
 * round trips and a fresh parse per query. Prepared, a repeated query is one round trip with no
 * parse (each execution is still planned afresh: plan_cache_mode above). Statements without
 * parameters still go as simple queries. Transactions and savepoints hand out their own client,
 * which gets the same treatment.
 */
function preparingAll<T extends Sql>(client: T): T {
  type Open = (...args: unknown[]) => unknown;
  const wrapScope = (open: Open) => (...args: unknown[]) => {
    const body = args.at(-1) as (inner: Sql) => unknown;
    return open(...args.slice(0, -1), (inner: Sql) => body(preparingAll(inner)));
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (text: string, params?: Parameters<Sql["unsafe"]>[1], opts?: Parameters<Sql["unsafe"]>[2]) => target.unsafe(text, params, { ...opts, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        const open = Reflect.get(target, property, receiver) as Open | undefined;
        return typeof open === "function" ? wrapScope(open.bind(target)) : open;
      }
      return Reflect.get(target, property, receiver);
    },
  });
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
