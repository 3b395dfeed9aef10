import type { Db, Tx } from "./client";

type PostgresJs = { unsafe: (text: string, params: unknown[], opts: { prepare: boolean }) => Promise<unknown> };
type Pglite = { query: (text: string, params: unknown[]) => Promise<{ rows: unknown[] }> };

/**
 * One parametrised statement straight to the driver under Drizzle (postgres.js: prepared once per
 * connection, planned per execution — see client.ts; PGlite: extended protocol). Only for the webhook hot path:
 * inside `next start`, `db.execute(sql…)` costs about 0.9 ms more CPU per statement than the
 * driver itself (bench/webhooks.ts), which is a third of the whole budget for an event.
 *
 * Works on the database and inside a transaction (drizzle's `tx` runs on its session's client).
 *
 * Pass parameters as strings or null and cast them in the text (`$1::text::bigint`): then both
 * drivers send them the same way, whatever serializers Drizzle installed on the client.
 */
export async function rawQuery<T>(db: Db | Tx, text: string, params: (string | null)[]): Promise<T[]> {
  // Inside a transaction, its session's client: the transaction's own connection.
  const client = (db as unknown as { session: { client: PostgresJs | Pglite } }).session.client;
  if ("unsafe" in client) return (await client.unsafe(text, params, { prepare: true })) as T[];
  return (await client.query(text, params)).rows as T[];
}
