import type { Sql } from "postgres";
import { subscriptionLifecycle } from "@/tests/helpers/subscription-lifecycle";
import { drive } from "./load";

/**
 * Two `next start` processes on one database receive the same subscription lifecycles,
 * interleaved, every event to both and twice: each event must be stored once, processed once, and
 * every subscription must end canceled, exactly as with one instance.
 */
export async function twoInstanceCheck(sql: Sql, { tenantId, secret, ports }: { tenantId: string; secret: string; ports: [number, number] }): Promise<string> {
  const t0 = Math.floor(Date.now() / 1000) - 600;
  const lives = Array.from({ length: 50 }, (_, i) => subscriptionLifecycle(`two${i}`, [t0, t0 + 1, t0 + 2, t0 + 3, t0 + 4]));
  const payloads = lives.flatMap((l) => [...l.events].reverse().map((e) => JSON.stringify(e)));
  const urls = ports.map((p) => `http://127.0.0.1:${p}/api/webhooks/stripe/${tenantId}/test`);
  const runs = await Promise.all([drive("a", urls[0]!, payloads, secret, 10), drive("b", urls[1]!, payloads, secret, 10), drive("a2", urls[0]!, [...payloads].reverse(), secret, 10), drive("b2", urls[1]!, [...payloads].reverse(), secret, 10)]);
  const non2xx = runs.reduce((n, r) => n + r.non2xx, 0);
  const [events] = await sql`select count(*)::int as n, count(*) filter (where attempts = 1 and status = 'processed')::int as once from webhook_events where event_id like 'evt_two%'`;
  const [subs] = await sql`select count(*)::int as n, count(*) filter (where status = 'canceled')::int as canceled from subscriptions where stripe_subscription_id like 'sub_two%'`;
  const expected = lives.reduce((n, l) => n + l.events.length, 0);
  const ok = non2xx === 0 && events!.n === expected && events!.once === expected && subs!.n === 50 && subs!.canceled === 50;
  return `${ok ? "OK" : "MISMATCH"}: ${events!.n} of ${expected} events stored (${events!.once} processed exactly once), ${subs!.canceled}/${subs!.n} subscriptions canceled, ${non2xx} non-2xx answers`;
}
