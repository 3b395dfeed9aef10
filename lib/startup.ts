import { getDbHandle } from "@/db";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "@/lib/demo/seed-demo-data";
import { env } from "./env";
import { logger } from "./log";
import { pgliteDir } from "@/db/data-dir";

/** Validates configuration, migrates, and on the embedded database seeds the demo tenants. */
export async function startup() {
  const config = env(); // fails fast, naming the missing variable
  const handle = await getDbHandle();
  if (handle.kind === "pglite") {
    if (config.NODE_ENV === "production") {
      logger.warn("db.embedded_in_production", {
        message: "DATABASE_URL is not set: running on the embedded PGlite database, which does not fsync. Use it for development and demos only; set DATABASE_URL for real data.",
      });
    }
    const { created } = await seedDemoData(handle.db, { nodeEnv: "development" });
    if (created) {
      logger.info("db.seeded", {
        message: `Embedded database at ${pgliteDir()} seeded. Sign in at ${config.APP_URL}/sign-in as ${DEMO_USERS.map((u) => u.email).join(" / ")} with password "${DEMO_PASSWORD}".`,
      });
    }
  }
  // The job queue (lib/jobs): on the embedded database the workers can only run here (one process
  // owns PGlite); on Postgres they run here too unless JOBS_IN_PROCESS=false (then `npm run worker`).
  const work = handle.kind === "pglite" || config.JOBS_IN_PROCESS;
  const { startJobs } = await import("./jobs/runtime");
  await startJobs(handle, { work }).catch((error: unknown) => {
    // Payments and webhooks do not depend on it: serve, and say loudly that background work is off.
    logger.error("jobs.start_failed", { error: error instanceof Error ? error.message : String(error) });
  });
  logger.info("app.ready", { database: handle.kind, stripeApiBase: process.env.STRIPE_API_BASE ? "emulator" : "stripe", jobs: work ? "workers" : "enqueue only" });
}
