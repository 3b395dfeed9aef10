/*
 * One app instance for tests/integration/webhook-crash.test.ts, as its own OS process so that the
 * test can kill it with SIGKILL mid-delivery: the webhook route (admission gate + ingest) on a
 * pool of its own, answering Stripe's retrieves from the same generated history as the test.
 *   node --conditions=react-server --import tsx tests/helpers/webhook-instance.ts <config.json>   → prints "LISTENING <port>"
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDb } from "@/db/client";
import { admitWebhook } from "@/lib/webhooks/admission";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { generateStripeHistory, historyFetcher, type Portal } from "./stripe-history";

export type InstanceConfig = { url: string; seed: number; customers: number; endAt: number; portal: Portal };

async function main() {
  const config = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as InstanceConfig;
  const handle = await openDb({ url: config.url });
  const history = generateStripeHistory({ seed: config.seed, customers: config.customers, portal: config.portal, endAt: config.endAt });
  const fetchLatest = historyFetcher(history.latest, { delayMs: 5 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const [, , , , tenantId = "", mode = ""] = (req.url ?? "").split("/");
      const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      const scope = { tenantId, mode };
      void admitWebhook(scope, (db) => handleStripeWebhook(db, request, scope, { fetchLatest }), { handle: async () => handle }).then(async (response) => {
        res.writeHead(response.status, { "x-webhook-outcome": response.headers.get("x-webhook-outcome") ?? "" }).end(await response.text());
      });
    });
  });
  server.listen(0, "127.0.0.1", () => console.log(`LISTENING ${(server.address() as AddressInfo).port}`));
}

void main();
