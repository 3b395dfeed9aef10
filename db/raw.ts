import type { Db } from "./client";

type PostgresJs = { unsafe: (text: string, params: unknown[], opts: { prepare: boolean }) => Promise<unknown> };
type Pglite = { query: (text: string, params: unknown[]) => Promise<{ rows: unknown[] }> };

/**
 * One parametrised statement straight to the driver under Drizzle (postgres.js: prepared once per
 * connection, planned per execution — see client.ts; PGlite: extended protocol). Only for the webhook hot path:
 * inside `next start`, `db.execute(sql…)` costs about 0.9 ms more CPU per statement than the
 * driver itself (bench/webhooks.ts), which is a third of the whole budget for an event.
 *
 * Pass parameters as strings or null and cast them in the text (`$1::text::bigint`): then both
 * drivers send them the same way, whatever serializers Drizzle installed on the client.
 */
export async function rawQuery<T>(db: Db, text: string, params: (string | null)[]): Promise<T[]> {
  const client = (db as unknown as { $client: PostgresJs | Pglite }).$client;
  if ("unsafe" in client) return (await client.unsafe(text, params, { prepare: true })) as T[];
  return (await client.query(text, params)).rows as T[];
}
