// The ceiling for webhook ingestion on this machine: bare node:http + postgres.js doing only what
// any correct ingester must do — verify the signature over the raw body, insert the event with
// ON CONFLICT DO NOTHING, and one UPDATE marking it processed, in one transaction. No framework,
// no projection. Started by bench/webhooks.ts; not part of the app.
//
// Same-second ties. For every paid invoice Stripe sends invoice.paid and invoice.payment_succeeded
// in the same second, and whichever of the two the app processes second is a tie it settles by
// retrieving the invoice from Stripe: one retrieval per paid invoice, not made for duplicates, with
// no transaction open. The reference makes the same retrieval, so that the ratio compares ingestion
// with ingestion rather than ingestion with a server that skips a network round trip per 40 events:
// it cannot see ties (it keeps no invoice rows), so it takes invoice.payment_succeeded as the tie —
// one per paid invoice, as in the app. Such an event is claimed first (autocommitted insert as
// `received`; a duplicate claims nothing and retrieves nothing), then the invoice is retrieved over
// HTTP from the same Stripe (the emulator, keep-alive, as bare as the SDK's request without the SDK),
// then the row is marked processed. A delivery that fails in between leaves the row `received`,
// which the next delivery of the event claims again; a concurrent duplicate may do the same while
// the first is still retrieving — the app's general path retrieves twice in that case too.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import postgres from "postgres";

const port = Number(process.env.PORT ?? 3310);
const secret = process.env.BENCH_SECRET ?? "";
const tenantId = process.env.BENCH_TENANT_ID ?? "";
const sql = postgres(process.env.DATABASE_URL ?? "", { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
const stripeBase = new URL(process.env.STRIPE_API_BASE ?? "http://127.0.0.1:12111");
const stripeKey = process.env.BENCH_STRIPE_KEY ?? "";
const stripeAgent = new http.Agent({ keepAlive: true });
const TIE_TYPE = "invoice.payment_succeeded";

/** GET /v1/invoices/{id}: the retrieval a tie needs, parsed as the SDK would parse it. */
function retrieveInvoice(id: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: stripeBase.hostname, port: stripeBase.port, path: `/v1/invoices/${encodeURIComponent(id)}`, agent: stripeAgent, headers: { authorization: `Bearer ${stripeKey}`, "stripe-version": "2026-10-28.endive" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (res.statusCode !== 200) return reject(new Error(`retrieve ${id}: ${res.statusCode}`));
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (error) {
            reject(error as Error);
          }
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
}

function verify(body: string, header: string | undefined): boolean {
  if (!header) return false;
  let t = "";
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.split("=");
    if (k === "t" && v) t = v;
    if (k === "v1" && v) v1.push(v);
  }
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return v1.some((sig) => {
    const got = Buffer.from(sig, "hex");
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks).toString("utf8");
    if (!verify(body, req.headers["stripe-signature"] as string | undefined)) {
      res.writeHead(400).end();
      return;
    }
    try {
      const event = JSON.parse(body) as { id: string; type: string; created: number; livemode: boolean; api_version: string; data: { object: { id: string } } };
      if (event.type === TIE_TYPE) {
        const [row] = await sql`
          insert into bench_reference_events (tenant_id, mode, event_id, type, livemode, api_version, stripe_created, payload, status, attempts)
          values (${tenantId}, 'test', ${event.id}, ${event.type}, ${event.livemode}, ${event.api_version}, ${event.created}, ${body}::jsonb, 'received', 1)
          on conflict (tenant_id, event_id) do update set attempts = bench_reference_events.attempts + 1 where bench_reference_events.status = 'received'
          returning id`;
        if (row) {
          await retrieveInvoice(event.data.object.id);
          await sql`update bench_reference_events set status = 'processed', processed_at = now() where id = ${row.id}`;
        }
        res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
        return;
      }
      await sql.begin(async (tx) => {
        const [row] = await tx`
          insert into bench_reference_events (tenant_id, mode, event_id, type, livemode, api_version, stripe_created, payload, status, attempts)
          values (${tenantId}, 'test', ${event.id}, ${event.type}, ${event.livemode}, ${event.api_version}, ${event.created}, ${body}::jsonb, 'received', 0)
          on conflict (tenant_id, event_id) do nothing returning id`;
        if (row) await tx`update bench_reference_events set status = 'processed', attempts = 1, processed_at = now() where id = ${row.id}`;
      });
      res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
    } catch {
      res.writeHead(500).end();
    }
  });
});
server.listen(port, "127.0.0.1", () => console.log(`reference server on ${port}`));
process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 2 }).then(() => process.exit(0));
});
