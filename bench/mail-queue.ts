// `npm run bench:mail`: how many mails a second the job queue sends on this machine: N outbox rows
// → relay → N `mail.send` jobs → SMTP (a real local server that parses every message). Runs on
// the embedded database (one process) and on Postgres (TEST_DATABASE_URL; two worker instances).
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { openDb, type DbHandle } from "../db/client";
import { migrate } from "../db/migrate";
import { resetEnvCache } from "../lib/env";
import { openJobQueue } from "../lib/jobs/job-queue";
import { runWorkers } from "../lib/jobs/run-workers";
import { nudgeMailRelay, startJobs, stopJobs } from "../lib/jobs/runtime";
import { enqueueMail } from "../lib/mail/enqueue-mail";
import { resetMailTransport } from "../lib/mail/transport";
import { eventually, startSmtpCatcher } from "../tests/helpers/smtp-catcher";

const N = Number(process.env.BENCH_MAILS ?? 500);

async function fillOutbox(handle: DbHandle, run: string) {
  await handle.db.transaction(async (tx) => {
    for (let i = 0; i < N; i++) {
      const data = { tenantName: "Bench", amount: 1000 + i, currency: "usd", description: "Bench plan", reference: `in_${i}`, historyUrl: "http://localhost:3000/bench/billing/history" };
      await enqueueMail(tx, { tenantId: null, dedupeKey: `bench:${run}:${i}`, to: `member-${i}@${run}.test`, template: "payment_receipt", data });
    }
  });
}

async function measure(label: string, handles: DbHandle[], smtp: Awaited<ReturnType<typeof startSmtpCatcher>>) {
  const run = randomUUID().slice(0, 8);
  await fillOutbox(handles[0]!, run);
  const before = smtp.messages.length;
  const started = performance.now();
  await startJobs(handles[0]!, { work: true, pollingIntervalSeconds: 0.5, mailConcurrency: 8 });
  const others = [];
  for (const handle of handles.slice(1)) {
    const boss = await openJobQueue(handle);
    await runWorkers(boss, handle.db, { pollingIntervalSeconds: 0.5, mailConcurrency: 8 });
    others.push(boss);
  }
  await nudgeMailRelay();
  await eventually(() => smtp.messages.length - before >= N, { timeoutMs: 300_000, what: `${N} mails` });
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${N} mails in ${seconds.toFixed(1)} s = ${(N / seconds).toFixed(0)} mails/s (relay + job + render + SMTP)`);
  await stopJobs();
  for (const boss of others) await boss.stop({ graceful: false, timeout: 1000 });
}

async function main() {
  const smtp = await startSmtpCatcher();
  process.env.SMTP_URL = smtp.url;
  resetEnvCache();
  resetMailTransport();

  const embedded = await openDb({ dir: "memory://" });
  await migrate(embedded);
  await measure("PGlite, in-process worker", [embedded], smtp);
  await embedded.close();

  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `memberpulse_bench_mail_${Date.now().toString(36)}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const a = await openDb({ url: url.toString() });
    await migrate(a);
    const b = await openDb({ url: url.toString() });
    await measure("Postgres, two worker instances", [a, b], smtp);
    await a.close();
    await b.close();
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
    resetMailTransport();
    await smtp.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
