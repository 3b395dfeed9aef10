import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/**
 * Some suites need a real Postgres server: many connections with concurrent transactions and row
 * locks (double submits, concurrent refunds, two app instances), or a thousand-fold permutation
 * run. In-memory PGlite has one connection, so there they would deadlock or crawl. Such a file
 * says so in its first lines with the marker below; on a machine without Postgres those files are
 * left out, loudly, and CI (REQUIRE_POSTGRES=1) never leaves anything out. Files that use the
 * payments harness count too: it feeds the emulator's asynchronous webhook deliveries into the app
 * while the test's own transactions are open, which needs more than one connection.
 */
export const MARKER = "@requires-postgres";

export function postgresReachable(url: string, timeoutMs = 2000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export function filesNeedingPostgres(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesNeedingPostgres(full));
    else if (entry.name.endsWith(".test.ts") && needsPostgres(readFileSync(full, "utf8"))) out.push(full);
  }
  return out;
}

function needsPostgres(source: string): boolean {
  return source.slice(0, 600).includes(MARKER) || source.includes("helpers/payments-harness");
}
