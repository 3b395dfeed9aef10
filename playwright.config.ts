import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";
import { APP_PORT, APP_URL, E2E_CONNECT_PLATFORM, e2eDatabaseUrl, EMULATOR_PORT, EMULATOR_URL, MAIL_URL, SMTP_PORT } from "./e2e/support/e2e-env";
import { takeE2eRunLock } from "./e2e/support/run-lock";

// Only the runner process (not its workers) takes the machine-wide e2e lock.
if (!process.env.TEST_WORKER_INDEX) takeE2eRunLock();

// The suite builds its own production bundle into .next-e2e, so `next dev` or a manual `next build`
// in .next never pulls the rug from under a running suite. E2E_SKIP_BUILD=1 reuses the last one.
const E2E_DIST = ".next-e2e";
const build = process.env.E2E_SKIP_BUILD ? "true" : "node_modules/.bin/next build";

// Playwright's own browser download cannot work here: use the system Chromium (Debian's `chromium`).
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const appEnv = {
  NODE_ENV: "production",
  NEXT_DIST_DIR: E2E_DIST,
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: e2eDatabaseUrl(),
  APP_URL,
  AUTH_SECRET: "e2e-auth-secret-not-for-production-000000",
  AUTH_TRUST_HOST: "true",
  APP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  STRIPE_API_BASE: EMULATOR_URL,
  STRIPE_JS_URL: `${EMULATOR_URL}/stripe.js`,
  // Stripe Connect (connect.spec.ts): the platform's key is the Connect platform's only, so tenants
  // without keys stay "Not configured" as before.
  STRIPE_MODE: "test",
  STRIPE_SECRET_KEY: E2E_CONNECT_PLATFORM.secretKey,
  STRIPE_PUBLISHABLE_KEY: E2E_CONNECT_PLATFORM.publishableKey,
  STRIPE_CONNECT_CLIENT_ID: E2E_CONNECT_PLATFORM.clientId,
  STRIPE_CONNECT_WEBHOOK_SECRET: E2E_CONNECT_PLATFORM.webhookSecret,
  STRIPE_CONNECT_BASE: EMULATOR_URL,
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  MAIL_FROM: "Acme via MemberPulse <no-reply@memberpulse.test>",
  LOG_LEVEL: "warn",
};

export default defineConfig({
  testDir: "./e2e",
  // Some specs read the database or encrypt a secret with the app's own server modules, which
  // `import "server-only"`: this tsconfig maps it to the package's empty server build, as Next does.
  tsconfig: "./e2e/tsconfig.playwright.json",
  testMatch: "**/*.spec.ts",
  // Needs the platform's own Stripe account in the environment: playwright.platform.config.ts runs it.
  testIgnore: ["**/platform-billing.spec.ts"],
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalTeardown: "./e2e/support/global-teardown.ts",
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: "node_modules/.bin/tsx tools/stripe-emulator/main.ts",
      url: `${EMULATOR_URL}/stripe.js`,
      env: { STRIPE_EMULATOR_PORT: String(EMULATOR_PORT) },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "node_modules/.bin/tsx e2e/support/mail-catcher.ts",
      url: `${MAIL_URL}/messages`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `${build} && node_modules/.bin/tsx --conditions=react-server e2e/support/prepare-db.ts && node_modules/.bin/next start -p ${APP_PORT}`,
      url: `${APP_URL}/api/health`,
      env: appEnv,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "pipe",
    },
  ],
});
