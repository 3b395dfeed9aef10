/**
 * Ports and database for one e2e run. Evaluated in the Playwright runner and inherited by its
 * workers through process.env, so every process agrees on the same throwaway database.
 */
export const APP_PORT = Number(process.env.E2E_PORT ?? 3005);
export const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 12112);
export const APP_URL = `http://localhost:${APP_PORT}`;
/** The test mail server (e2e/support/mail-catcher.ts): SMTP for the app, HTTP for the specs. */
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 12113);
export const MAIL_HTTP_PORT = Number(process.env.E2E_MAIL_HTTP_PORT ?? 12114);
export const MAIL_URL = `http://127.0.0.1:${MAIL_HTTP_PORT}`;
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
process.env.E2E_DATABASE_NAME ??= `memberpulse_e2e_${Date.now().toString(36)}`;
export const E2E_DATABASE_NAME = process.env.E2E_DATABASE_NAME;
export const ADMIN_DATABASE_URL = ADMIN_URL;

export function e2eDatabaseUrl(): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${E2E_DATABASE_NAME}`;
  return url.toString();
}

/** Refuse to run against anything but a local database: e2e tests create and drop databases. */
export function assertLocalDatabase(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`e2e tests only run against a local Postgres, not ${host}`);
  }
}

/** Where e2e/support/platform-emulator.ts writes the platform account's keys (playwright.platform.config.ts). */
export const PLATFORM_KEYS_DIR = `/tmp/${E2E_DATABASE_NAME}-platform-keys`;

/**
 * The Connect platform the e2e server is configured with (STRIPE_CONNECT_*): connect.spec.ts
 * creates it in the emulator with these fixed keys, so the server's environment can name them.
 */
export const E2E_CONNECT_PLATFORM = {
  secretKey: "sk_test_e2eConnectPlatform000000000000000",
  publishableKey: "pk_test_e2eConnectPlatform000000000000000",
  clientId: "ca_e2eConnectPlatform00000000000000000",
  webhookSecret: "whsec_e2eConnectPlatformWebhookSecret0000",
} as const;
