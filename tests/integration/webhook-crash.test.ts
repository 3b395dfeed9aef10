// @requires-postgres: two app processes on one Postgres, backends terminated, one process killed (see tests/postgres-only.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Db } from "@/db/client";
import { resetEnvCache } from "@/lib/env";
import { createTestTenant, useTestDb } from "../helpers/db";
import { checkEventLog, compareState, readState, setupPortal } from "../helpers/history-db";
import { generateStripeHistory, Rand } from "../helpers/stripe-history";
import type { InstanceConfig } from "../helpers/webhook-instance";
import { newSecret, setWebhookSecret, signedRequest } from "../helpers/webhooks";

/*
 * Stripe's delivery system against a portal that is having a bad day: a whole generated history,
 * shuffled with 20 % duplicates, 50 deliveries in flight over TWO app processes, while every
 * database backend is terminated every 2 s and one process is killed with SIGKILL mid-run and
 * started again. Like Stripe, every delivery that was not answered 2xx (refused, reset, timed out)
 * is sent again. The end must be exactly what the history says, every event stored once, none left
 * received or failed.
 */

const SEED = Number(process.env.WEBHOOK_CRASH_SEED ?? 20261201);
const CUSTOMERS = Number(process.env.WEBHOOK_CRASH_CUSTOMERS ?? 30);

let db: Db;
const children = new Set<ChildProcess>();
beforeAll(async () => {
  // The instances must decrypt the webhook secret this process stores.
  process.env.APP_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  resetEnvCache();
  db = (await useTestDb()).db;
});
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

type Instance = { port: number | null; child: ChildProcess };

function startInstance(configPath: string): Promise<Instance> {
  // Node itself with tsx's loader (not the tsx CLI, which runs the app in a child process that a
  // SIGKILL of the CLI would leave running).
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/helpers/webhook-instance.ts", configPath], { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "ignore"] });
  children.add(child);
  const instance: Instance = { port: null, child };
  child.on("exit", () => {
    instance.port = null;
    children.delete(child);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("an app instance did not start within 60 s")), 60_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (!match) return;
      instance.port = Number(match[1]);
      clearTimeout(timer);
      resolve(instance);
    });
  });
}

describe("Stripe's retries against backend terminations and a killed app process", () => {
  it(`a ${CUSTOMERS}-customer history ends exactly as it says (seed ${SEED})`, async () => {
    const url = inject("databaseUrl");
    const t = await createTestTenant(db, "crash");
    const tenantId = t.tenant.id;
    const secret = newSecret();
    await setWebhookSecret(db, { tenantId, mode: "test", secret });
    const portal = await setupPortal(db, { tenantId, referrerUserId: t.member.id, members: 10, referred: 4 });
    const endAt = Math.floor(Date.now() / 60_000) * 60 - 60;
    const history = generateStripeHistory({ seed: SEED, customers: CUSTOMERS, portal, endAt });
    const configPath = path.join(mkdtempSync(path.join(tmpdir(), "mp-crash-")), "instance.json");
    writeFileSync(configPath, JSON.stringify({ url, seed: SEED, customers: CUSTOMERS, endAt, portal } satisfies InstanceConfig));
    const instances = await Promise.all([startInstance(configPath), startInstance(configPath)]);

    const random = new Rand(SEED + 7);
    const deliveries = random.shuffle(history.events);
    for (let i = Math.round(history.events.length * 0.2); i > 0; i--) deliveries.splice(random.int(0, deliveries.length), 0, random.pick(history.events));

    // The database's bad day: every backend of the test database terminated every 2 s.
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    let chaos = true;
    let terminated = 0;
    const storm = (async () => {
      while (chaos) {
        await new Promise((r) => setTimeout(r, 2_000));
        const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
        terminated += rows.length;
      }
    })();

    let sent = 0;
    let killed = false;
    const refused: Record<string, number> = {};
    const note = (key: string) => (refused[key] = (refused[key] ?? 0) + 1);
    async function deliver(i: number) {
      const body = JSON.stringify(deliveries[i]);
      for (let attempt = 0; attempt < 60; attempt++) {
        const alive = instances.filter((x) => x.port !== null);
        const target = alive[(i + attempt) % Math.max(1, alive.length)];
        if (target?.port) {
          const req = signedRequest({ tenantId, mode: "test" }, body, secret);
          try {
            const res = await fetch(`http://127.0.0.1:${target.port}/api/webhooks/stripe/${tenantId}/test`, {
              method: "POST",
              headers: req.headers,
              body,
              signal: AbortSignal.timeout(15_000),
            });
            await res.text();
            if (res.ok) return;
            note(String(res.status));
          } catch {
            note("no answer");
          }
        }
        await new Promise((r) => setTimeout(r, 100 * Math.min(attempt + 1, 10)));
      }
      throw new Error(`delivery ${i} (${deliveries[i]!.type} ${deliveries[i]!.id}) never answered 2xx`);
    }
    let next = 0;
    async function worker() {
      while (next < deliveries.length) {
        const i = next++;
        if (!killed && ++sent > deliveries.length / 3) {
          // SIGKILL mid-run: its in-flight deliveries get no answer; Stripe sends them again.
          killed = true;
          instances[0]!.child.kill("SIGKILL");
          void new Promise((r) => setTimeout(r, 1_500)).then(async () => (instances[0] = await startInstance(configPath)));
        }
        await deliver(i);
      }
    }
    try {
      await Promise.all(Array.from({ length: 50 }, worker));
    } finally {
      chaos = false;
      await storm;
      await admin.end();
    }
    console.log(`[webhook-crash] ${history.events.length} events, ${deliveries.length} deliveries; ${terminated} backends terminated; one instance killed: ${killed}; refused/unanswered: ${JSON.stringify(refused)}`);
    expect(killed).toBe(true);
    // The kill really cut deliveries off mid-flight.
    expect(refused["no answer"]).toBeGreaterThan(0);
    expect(terminated).toBeGreaterThan(0);

    const state = compareState(history.expected, await readState(db, tenantId));
    expect(state.problems, state.render()).toEqual([]);
    const log = await checkEventLog(db, tenantId, history.events);
    expect(log.problems, log.render()).toEqual([]);
  }, 300_000);
});
