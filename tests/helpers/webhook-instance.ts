/*
 * One app instance for tests/integration/webhook-crash.test.ts, as its own OS process so that the
 * test can kill it with SIGKILL mid-delivery: the webhook lane (admission gate + ingest) on a
 * pool of its own, answering Stripe's retrieves from the same generated history as the test.
 *   node --conditions=react-server --import tsx tests/helpers/webhook-instance.ts <config.json>   → prints "LISTENING <port>"
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDb } from "@/db/client";
import { serveWebhook } from "@/lib/webhooks/node-lane";
import { generateStripeHistory, historyFetcher, type Portal } from "./stripe-history";

export type InstanceConfig = { url: string; seed: number; customers: number; endAt: number; portal: Portal };

async function main() {
  const config = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as InstanceConfig;
  const handle = await openDb({ url: config.url });
  const history = generateStripeHistory({ seed: config.seed, customers: config.customers, portal: config.portal, endAt: config.endAt });
  const fetchLatest = historyFetcher(history.latest, { delayMs: 5 });
  // The production server's webhook lane (lib/webhooks/node-lane.ts) on a bare Node server.
  const server = http.createServer((req, res) => {
    const [, , , , tenantId = "", mode = ""] = (req.url ?? "").split("/");
    void serveWebhook(req, res, { tenantId, mode }, { fetchLatest, handle: async () => handle });
  });
  server.listen(0, "127.0.0.1", () => console.log(`LISTENING ${(server.address() as AddressInfo).port}`));
}

void main();
