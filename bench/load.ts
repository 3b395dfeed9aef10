import http from "node:http";
import Stripe from "stripe";

export type LoadResult = {
  label: string;
  connections: number;
  events: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Answers by the app's X-Webhook-Outcome header (processed / duplicate / ignored), else by status code. */
  outcomes: Record<string, number>;
  /** Event types of the slowest 1 % of deliveries, most frequent first: what makes the p99. */
  slowest: [string, number][];
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Sends every payload once, signed just before sending, over exactly `connections` keep-alive
 * connections (one in-flight request each), and measures each request's latency.
 */
export async function drive(label: string, url: string, payloads: string[], secret: string, connections: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const latencies: number[] = [];
  const typed: { type: string; ms: number }[] = [];
  let next = 0;
  let non2xx = 0;
  const outcomes: Record<string, number> = {};
  const send = (payload: string) =>
    new Promise<number>((resolve, reject) => {
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "stripe-signature": signature } },
        (res) => {
          const outcome = res.headers["x-webhook-outcome"];
          const key = typeof outcome === "string" ? outcome : String(res.statusCode);
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < payloads.length) {
        const payload = payloads[next++]!;
        const t = performance.now();
        const status = await send(payload);
        const ms = performance.now() - t;
        latencies.push(ms);
        // The event's own type is its last "type" key (data.object's come first).
        typed.push({ type: /.*"type":\s*"([^"]+)"/s.exec(payload)?.[1] ?? "?", ms });
        if (status < 200 || status > 299) non2xx++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const slow = new Map<string, number>();
  for (const { type } of typed.sort((a, b) => b.ms - a.ms).slice(0, Math.ceil(typed.length / 100))) slow.set(type, (slow.get(type) ?? 0) + 1);
  const slowest = [...slow].sort((a, b) => b[1] - a[1]);
  return { label, connections, events: payloads.length, seconds, perSecond: payloads.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), non2xx, outcomes, slowest };
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}
