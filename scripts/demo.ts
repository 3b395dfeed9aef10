// `npm run demo`: the whole portal offline. Starts the Stripe emulator, connects acme's test mode to
// it through the same functions an admin's buttons call (save keys, test connection, create webhook
// endpoint), then runs the production build on the embedded database. No Postgres, no network.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const PORT = Number(process.env.DEMO_PORT ?? 3000);
const STRIPE_PORT = Number(process.env.DEMO_STRIPE_PORT ?? 12111);
const APP_URL = `http://localhost:${PORT}`;
const STRIPE_URL = `http://127.0.0.1:${STRIPE_PORT}`;

// Set before any app module reads its configuration (env() is parsed lazily, on first use).
function configure() {
  delete process.env.DATABASE_URL; // the demo always runs on the embedded database
  Object.assign(process.env, {
    NODE_ENV: "production",
    PGLITE_DATA_DIR: process.env.PGLITE_DATA_DIR ?? path.join(os.homedir(), ".memberpulse", "demo"),
    APP_URL,
    STRIPE_API_BASE: STRIPE_URL,
    STRIPE_JS_URL: `${STRIPE_URL}/stripe.js`,
    MEMBERPULSE_ALLOW_DEV_SECRETS: "1",
    MEMBERPULSE_ALLOW_DEMO_SEED: "1",
    // No SMTP in the demo: mail goes to the in-process sink and is listed on each tenant's Mail page.
    MAIL_SINK: "1",
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  });
}

/**
 * PGlite cannot be shared between processes, so this runs (open → connect → close) before Next opens
 * the database. The emulator keeps no state across restarts: every start gets a fresh account.
 */
async function connectAcme(createAccount: () => Promise<{ id: string; secretKey: string; publishableKey: string }>) {
  const { openDb } = await import("../db/client");
  const { migrate } = await import("../db/migrate");
  const { seedDemoData } = await import("../lib/demo/seed-demo-data");
  const { getTenantBySlug } = await import("../db/queries/tenants");
  const { getUserByEmail } = await import("../db/queries/users");
  const { saveStripeKeys } = await import("../lib/stripe-connection/save-stripe-keys");
  const { testStripeConnection } = await import("../lib/stripe-connection/test-stripe-connection");
  const { createWebhookEndpoint } = await import("../lib/stripe-connection/create-webhook-endpoint");
  const { pgliteDir } = await import("../db/data-dir");
  const { listProductsNeedingSync, syncProduct } = await import("../lib/catalog/sync-catalog");

  const handle = await openDb({ dir: pgliteDir() });
  try {
    await migrate(handle);
    await seedDemoData(handle.db, { nodeEnv: "development" });
    const tenant = await getTenantBySlug(handle.db, { slug: "acme" });
    const admin = await getUserByEmail(handle.db, { email: "admin@acme.test" });
    if (!tenant || !admin) throw new Error("The demo tenant acme is missing after seeding.");
    const actor = { tenantId: tenant.id, userId: admin.id, requestId: "demo-setup" };
    const account = await createAccount();
    const steps = [
      ["save keys", await saveStripeKeys(handle.db, actor, { mode: "test", input: { publishableKey: account.publishableKey, secretKey: account.secretKey } })],
      ["test connection", await testStripeConnection(handle.db, actor, { mode: "test" })],
      ["create webhook endpoint", await createWebhookEndpoint(handle.db, actor, { mode: "test", replace: true })],
    ] as const;
    for (const [name, result] of steps) {
      if (!result.ok) throw new Error(`Connecting acme to the emulator failed at "${name}": ${result.error ?? "unknown error"}`);
      console.log(`  ✓ ${name}: ${result.message ?? "ok"}`);
    }
    // Each start brings a fresh emulator account, so push the catalog to it (what "Sync all" does).
    const productIds = await listProductsNeedingSync(handle.db, { tenantId: tenant.id, mode: "test" });
    for (const productId of productIds) await syncProduct(handle.db, { tenantId: tenant.id, productId });
    if (productIds.length) console.log(`  ✓ synced ${productIds.length} catalog product(s) to the emulator`);
  } finally {
    await handle.close();
  }
}

/** Newest modification time under the folders that make up the app bundle. */
function newestSourceMtime(dirs = ["app", "components", "lib", "db", "proxy.ts", "next.config.ts", "package-lock.json"]): number {
  let newest = 0;
  for (const entry of dirs) {
    if (!existsSync(entry)) continue;
    const stat = statSync(entry);
    if (stat.isDirectory()) newest = Math.max(newest, newestSourceMtime(readdirSync(entry).map((name) => path.join(entry, name))));
    else newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

function ensureBuild() {
  const buildId = path.join(process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  // Rebuild when the sources changed since the last build, so the demo never serves stale code.
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newestSourceMtime()) return;
  console.log("Building the production bundle (about a minute; again only when the code changes)…");
  const result = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env: process.env });
  if (result.status !== 0) throw new Error("next build failed");
}

async function main() {
  configure();
  const { startStripeEmulator } = await import("../e2e/stripe-emulator/server");
  const emulator = await startStripeEmulator({ port: STRIPE_PORT });
  console.log(`Stripe emulator on ${emulator.url}`);
  console.log("Connecting acme's test mode to the emulator…");
  await connectAcme(() => emulator.createAccount({ mode: "test", name: "Acme Fitness (emulator)" }));
  ensureBuild();

  const next = spawn("node_modules/.bin/next", ["start", "-p", String(PORT)], { stdio: "inherit", env: process.env });
  const stop = () => {
    next.kill("SIGTERM");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  next.on("exit", (code) => {
    void emulator.close().finally(() => process.exit(code ?? 0));
  });

  console.log(`
────────────────────────────────────────────────────────────────
 MemberPulse demo (payments go to a local Stripe emulator)
   Open      ${APP_URL}/sign-in
   Admin     admin@acme.test   / memberpulse
   Member    member@acme.test  / memberpulse
   Stripe    ${APP_URL}/acme/settings/integrations/stripe
   Test card 4242 4242 4242 4242, any future date, any CVC
   Data      ${process.env.PGLITE_DATA_DIR}
 Ctrl+C stops both.
────────────────────────────────────────────────────────────────`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
