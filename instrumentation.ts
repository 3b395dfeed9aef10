// Runs once when the server starts: error reporting first (so that nothing below can print raw
// driver errors), the client-address stamp, the webhook lane, then open + migrate the database, seed an empty
// embedded one.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installProcessErrorLogging } = await import("./lib/process-errors");
  installProcessErrorLogging();
  // Before the first request: the client address every throttle keys on comes from the socket.
  const [http, https, { stampClientAddresses }, { env }] = await Promise.all([
    import("node:http"),
    import("node:https"),
    import("./lib/http/client-address"),
    import("./lib/env"),
  ]);
  stampClientAddresses([http.Server, https.Server], env().TRUSTED_PROXY_HOPS);
  // Stripe's deliveries skip Next's request pipeline (same gate and ingest as the route): lib/webhooks/node-lane.ts.
  const { installWebhookLane } = await import("./lib/webhooks/node-lane");
  installWebhookLane([http.Server, https.Server]);
  const { startup } = await import("./lib/startup");
  await startup();
}
