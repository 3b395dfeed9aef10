// `npm run worker`: a process that only runs background jobs (mail, schedules) against Postgres.
// Start any number of them; pg-boss hands each job to exactly one. The embedded database cannot be
// shared between processes, so there the server runs the workers itself and this refuses to start.
import { openDb } from "../db/client";
import { migrate } from "../db/migrate";
import { installProcessErrorLogging } from "../lib/process-errors";
import { env } from "../lib/env";
import { logger } from "../lib/log";
import { startJobs, stopJobs } from "../lib/jobs/runtime";

async function main() {
  installProcessErrorLogging();
  const config = env();
  if (!config.DATABASE_URL) {
    console.error("npm run worker needs DATABASE_URL (Postgres). On the embedded database the server runs the jobs itself.");
    process.exit(2);
  }
  const handle = await openDb({ url: config.DATABASE_URL });
  await migrate(handle);
  await startJobs(handle, { work: true, mailConcurrency: Number(process.env.WORKER_MAIL_CONCURRENCY ?? 4) });
  logger.info("worker.ready", { pid: process.pid });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("worker.stopping", { signal });
    await stopJobs();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
