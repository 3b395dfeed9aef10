// The Stripe the benchmark's servers talk to: the project's own emulator (tools/stripe-emulator,
// unchanged) in its own process, so that its CPU time is its own and the load generator's event loop
// stays free. It also counts the requests that settle same-second ties (GET /v1/invoices/{id}) and
// answers the count on a second port (GET /stats), so the benchmark can say how many retrievals each
// run made. Started by bench/webhooks.ts; not part of the app.
import http from "node:http";
import { startStripeEmulator } from "@/tools/stripe-emulator/server";

const port = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
const statsPort = Number(process.env.BENCH_STATS_PORT ?? port + 1);
const counts = { invoiceRetrievals: 0, requests: 0 };
const INVOICE_RETRIEVE = /^\/v1\/invoices\/in_[^/?]+(\?|$)/;

// startStripeEmulator creates its server with http.createServer: count its requests before it sees them.
const createServer = http.createServer;
http.createServer = ((...args: Parameters<typeof http.createServer>) => {
  const server = createServer(...args);
  server.prependListener("request", (req: http.IncomingMessage) => {
    counts.requests++;
    if (req.method === "GET" && INVOICE_RETRIEVE.test(req.url ?? "")) counts.invoiceRetrievals++;
  });
  return server;
}) as typeof http.createServer;

async function main() {
  const emulator = await startStripeEmulator({ port, host: "127.0.0.1" });
  http.createServer = createServer;
  const stats = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(counts)));
  stats.listen(statsPort, "127.0.0.1", () => console.log(`Stripe emulator on ${emulator.url}, request counts on http://127.0.0.1:${statsPort}/stats`));
  process.on("SIGTERM", () => {
    stats.close();
    void emulator.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
