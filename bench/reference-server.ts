// The ceiling for webhook ingestion on this machine: bare node:http + postgres.js doing only what
// any correct ingester must do — verify the signature over the raw body, insert the event with
// ON CONFLICT DO NOTHING, and one UPDATE marking it processed, in one transaction. No framework,
// no projection. Started by bench/webhooks.ts; not part of the app.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import postgres from "postgres";

const port = Number(process.env.PORT ?? 3310);
const secret = process.env.BENCH_SECRET ?? "";
const tenantId = process.env.BENCH_TENANT_ID ?? "";
const sql = postgres(process.env.DATABASE_URL ?? "", { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });

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
      const event = JSON.parse(body) as { id: string; type: string; created: number; livemode: boolean; api_version: string };
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
