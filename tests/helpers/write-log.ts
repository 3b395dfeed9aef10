import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";

/**
 * Logs every INSERT and UPDATE of `subscriptions` rows (by Stripe id) with a trigger: "one effect"
 * as the database sees it, whichever code path wrote the row. Other test files sharing the
 * database only add lines for their own subscription ids.
 */
export async function watchSubscriptionWrites(db: Db) {
  const name = `test_sub_writes_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await db.execute(
    sql.raw(`
      create table ${name} (stripe_subscription_id text not null);
      create function ${name}_fn() returns trigger language plpgsql as $$
      begin insert into ${name} values (new.stripe_subscription_id); return new; end $$;
      create trigger ${name}_tr after insert or update on subscriptions for each row execute function ${name}_fn();
    `),
  );
  return {
    async count(subscriptionId: string): Promise<number> {
      const rows = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.raw(name)} where stripe_subscription_id = ${subscriptionId}`));
      return rows[0]?.n ?? 0;
    },
    async stop() {
      await db.execute(sql.raw(`drop trigger if exists ${name}_tr on subscriptions; drop function if exists ${name}_fn(); drop table if exists ${name};`));
    },
  };
}
