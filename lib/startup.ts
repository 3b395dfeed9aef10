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
  logger.info("app.ready", { database: handle.kind, stripeApiBase: process.env.STRIPE_API_BASE ? "emulator" : "stripe" });
}
