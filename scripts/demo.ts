// `npm run demo`: the whole portal offline. Starts the Stripe emulator (its state kept in the data
// folder), connects acme's test mode to it through the same functions an admin's buttons call (save
// keys, test connection, create webhook endpoint), seeds a catalog and months of history through the
// emulator on the first start, then runs the production build on the embedded database. The app
// runs as a Connect platform of the emulator (scripts/demo/connect-platform.ts), so globex can
// "Connect with Stripe" or "Create a Stripe account". No Postgres, no network.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
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

type Emulator = import("../tools/stripe-emulator/server").StripeEmulator;

/**
 * PGlite cannot be shared between processes, so this runs (open → prepare → close) before Next opens
 * the database. Each step is skipped when it is already done, so a second start seeds nothing:
 *  1. acme's test mode is connected to an emulator account (kept in the data folder, so on a restart
 *     the account — and every Stripe id the database holds — is still there);
 *  2. the catalog exists (plans with entitlement sets, tickets, credit packages);
 *  3. months of history have been generated through the emulator (scripts/demo/seed-history.ts).
 */
async function prepareDemo(emulator: Emulator) {
  const { openDb } = await import("../db/client");
  const { migrate } = await import("../db/migrate");
  const { seedDemoData } = await import("../lib/demo/seed-demo-data");
  const { seedDemoCatalog } = await import("../lib/demo/seed-demo-catalog");
  const { getTenantBySlug } = await import("../db/queries/tenants");
  const { getUserByEmail } = await import("../db/queries/users");
  const { getStripeSettings } = await import("../db/queries/stripe-settings");
  const { saveStripeKeys } = await import("../lib/stripe-connection/save-stripe-keys");
  const { testStripeConnection } = await import("../lib/stripe-connection/test-stripe-connection");
  const { createWebhookEndpoint } = await import("../lib/stripe-connection/create-webhook-endpoint");
  const { pgliteDir } = await import("../db/data-dir");
  const { listProductsNeedingSync, syncProduct } = await import("../lib/catalog/sync-catalog");
  const { seedDemoHistory } = await import("./demo/seed-history");
  const { HISTORY_DAYS } = await import("./demo/demo-members");
  const { backToPresent, travelTo } = await import("./demo/time-travel");

  // A first start lives through the history: from before the database opens (PGlite's own timers
  // follow this clock too), connecting and the catalog happen on its first day (time-travel.ts).
  const marker = path.join(process.env.PGLITE_DATA_DIR!, "demo-history.json");
  const historyPending = !existsSync(marker);
  const historyStart = Math.floor(Date.now() / 1000 / 3600) * 3600 - HISTORY_DAYS * 86_400;
  if (historyPending) travelTo(historyStart);

  const handle = await openDb({ dir: pgliteDir() });
  try {
    await migrate(handle);
    await seedDemoData(handle.db, { nodeEnv: "development" });
    const tenant = await getTenantBySlug(handle.db, { slug: "acme" });
    const admin = await getUserByEmail(handle.db, { email: "admin@acme.test" });
    if (!tenant || !admin) throw new Error("The demo tenant acme is missing after seeding.");
    const actor = { tenantId: tenant.id, userId: admin.id, requestId: "demo-setup" };

    const settings = await getStripeSettings(handle.db, { tenantId: tenant.id, mode: "test" });
    let account = settings?.accountId ? emulator.core.store.accounts.get(settings.accountId)?.record : undefined;
    if (account) {
      console.log(`  ✓ acme is connected to emulator account ${account.id} (kept in the data folder)`);
    } else {
      if (settings?.accountId) console.log("  ! the emulator's saved state is gone: connecting a fresh account (older Stripe ids will not resolve)");
      const created = await emulator.createAccount({ mode: "test", name: "Acme Fitness (emulator)" });
      account = emulator.core.store.accounts.get(created.id)!.record;
      const steps = [
        ["save keys", await saveStripeKeys(handle.db, actor, { mode: "test", input: { publishableKey: created.publishableKey, secretKey: created.secretKey } })],
        ["test connection", await testStripeConnection(handle.db, actor, { mode: "test" })],
        ["create webhook endpoint", await createWebhookEndpoint(handle.db, actor, { mode: "test", replace: true })],
      ] as const;
      for (const [name, result] of steps) {
        if (!result.ok) throw new Error(`Connecting acme to the emulator failed at "${name}": ${result.error ?? "unknown error"}`);
        console.log(`  ✓ ${name}: ${result.message ?? "ok"}`);
      }
      // A fresh account has none of the catalog yet: push it (what "Sync all" does).
      const productIds = await listProductsNeedingSync(handle.db, { tenantId: tenant.id, mode: "test" });
      for (const productId of productIds) await syncProduct(handle.db, { tenantId: tenant.id, productId });
      if (productIds.length) console.log(`  ✓ synced ${productIds.length} catalog product(s) to the emulator`);
    }

    const catalog = await seedDemoCatalog(handle.db, actor);
    if (catalog.created) console.log(`  ✓ created the demo catalog (${catalog.created} products, synced to the emulator)`);

    if (historyPending) {
      console.log("Generating six months of club history through the emulator (first start only, a minute or two)…");
      const history = await seedDemoHistory({
        db: handle.db,
        emulator,
        account: { id: account.id, secretKey: account.secretKey },
        tenant: { id: tenant.id, slug: tenant.slug },
        adminUserId: admin.id,
        appPort: PORT,
        start: historyStart,
        log: (line) => console.log(line),
      });
      emulator.save();
      writeFileSync(marker, JSON.stringify({ seededAt: new Date().toISOString(), ...history }, null, 2));
      console.log(`  ✓ ${history.members} members, ${history.days} days of history`);
    }
  } finally {
    await handle.close();
    backToPresent();
  }
}

/** The platform side (plans, acme and globex subscribed), in the present, after the history's time travel. */
async function preparePlatform(emulator: Emulator, keys: Awaited<ReturnType<typeof import("./demo/seed-platform").platformAccountForDemo>>) {
  const { openDb } = await import("../db/client");
  const { pgliteDir } = await import("../db/data-dir");
  const { seedDemoPlatform } = await import("./demo/seed-platform");
  const handle = await openDb({ dir: pgliteDir() });
  try {
    await seedDemoPlatform(emulator, keys, handle.db);
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
  const { startStripeEmulator } = await import("../tools/stripe-emulator/server");
  // The emulator keeps its accounts in the data folder, so Stripe ids stay valid across restarts.
  const emulator = await startStripeEmulator({ port: STRIPE_PORT, stateFile: path.join(process.env.PGLITE_DATA_DIR!, "stripe-emulator.json") });
  console.log(`Stripe emulator on ${emulator.url}${emulator.restoredAccounts ? ` (${emulator.restoredAccounts} account(s) restored)` : ""}`);
  const { platformAccountForDemo } = await import("./demo/seed-platform");
  const platformKeys = await platformAccountForDemo(emulator, { dataDir: process.env.PGLITE_DATA_DIR!, appUrl: APP_URL });
  console.log("Preparing the demo tenant…");
  await prepareDemo(emulator);
  await preparePlatform(emulator, platformKeys);
  emulator.save();
  // Only the app process gets the Connect environment: acme is prepared exactly as without it
  // (its pasted keys win over the platform either way).
  const { ensureDemoConnectPlatform } = await import("./demo/connect-platform");
  Object.assign(process.env, await ensureDemoConnectPlatform(emulator, { appUrl: APP_URL, dataDir: process.env.PGLITE_DATA_DIR! }, platformKeys));
  console.log("  ✓ the platform account is also the Connect platform (globex can connect)");
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
   Operator  operator@memberpulse.test / memberpulse → ${APP_URL}/platform
   Platform  acme on Club, globex on a Starter trial → ${APP_URL}/acme/settings/billing
   New org   ${APP_URL}/start
   Stripe    ${APP_URL}/acme/settings/integrations/stripe
   Connect   admin@globex.test / memberpulse → ${APP_URL}/globex/settings/integrations/stripe
   Test card 4242 4242 4242 4242, any future date, any CVC
   Data      ${process.env.PGLITE_DATA_DIR}
 Ctrl+C stops both.
────────────────────────────────────────────────────────────────`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
