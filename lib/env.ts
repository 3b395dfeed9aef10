import { readFileSync } from "node:fs";
import { z } from "zod";
import { devSecret } from "./dev-secrets";
import { logger } from "./log";

/**
 * Configuration, parsed once. Every secret may also come from `<NAME>_FILE` (a path to a file
 * holding the value, e.g. a mounted Kubernetes secret). An empty variable counts as unset, so a
 * missing key never turns into the string "undefined".
 */
const SECRET_NAMES = [
  "AUTH_SECRET",
  "APP_ENCRYPTION_KEY",
  "STRIPE_SECRET_KEY",
  "STRIPE_PUBLISHABLE_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "STRIPE_PLATFORM_WEBHOOK_SECRET",
  "STRIPE_ACCOUNT_ID",
  "STRIPE_MODE",
  "STRIPE_CONNECT_CLIENT_ID",
  "STRIPE_CONNECT_WEBHOOK_SECRET",
  "SMTP_URL",
] as const;

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z.url().default("http://localhost:3000"),
  DATABASE_URL: optional,
  PGLITE_DATA_DIR: optional,
  AUTH_SECRET: optional,
  APP_ENCRYPTION_KEY: optional,
  STRIPE_SECRET_KEY: optional,
  STRIPE_PUBLISHABLE_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  // The platform account's own webhook endpoint (/api/webhooks/stripe/platform/{mode}): platform billing.
  STRIPE_PLATFORM_WEBHOOK_SECRET: optional,
  STRIPE_ACCOUNT_ID: optional,
  STRIPE_MODE: z.enum(["test", "live"]).optional().catch(undefined),
  // Connect (OAuth for Standard accounts, lib/stripe/connect-oauth.ts): the platform's client id
  // (ca_…) and the signing secret of its one Connect webhook endpoint; STRIPE_SECRET_KEY is the
  // platform's key. STRIPE_CONNECT_BASE points the OAuth pages and calls elsewhere (tests, demo).
  STRIPE_CONNECT_CLIENT_ID: optional,
  STRIPE_CONNECT_WEBHOOK_SECRET: optional,
  STRIPE_CONNECT_BASE: z.url().optional().or(z.literal("").transform(() => undefined)),
  STRIPE_API_BASE: z.url().optional().or(z.literal("").transform(() => undefined)),
  STRIPE_JS_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // How many reverse proxies in front of the app append to X-Forwarded-For (0 = the app is
  // reached directly: the socket's address is the client). See lib/http/client-address.ts.
  // Mail (lib/mail): the SMTP server (smtp://user:pass@host:587, smtps://… for TLS) and the sender.
  SMTP_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  MAIL_FROM: optional,
  // No SMTP_URL in production: "1" sends to the in-process sink instead of skipping (the demo).
  MAIL_SINK: z.stringbool().optional().catch(undefined),
  // Run the job workers inside the server process (default). Set false when `npm run worker`
  // processes do the work; the server then only enqueues.
  JOBS_IN_PROCESS: z.stringbool().default(true),
  TRUSTED_PROXY_HOPS: z.coerce.number().int("TRUSTED_PROXY_HOPS must be a whole number.").min(0).max(10).default(0),
});

export type Env = z.infer<typeof schema> & { AUTH_SECRET: string; APP_ENCRYPTION_KEY: string };

export class ConfigError extends Error {}

/** Reads `NAME`, or the file named by `NAME_FILE`. Both set is ambiguous and refused. */
export function readSecretVar(source: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = source[name]?.trim();
  const file = source[`${name}_FILE`]?.trim();
  if (direct && file) throw new ConfigError(`Set either ${name} or ${name}_FILE, not both.`);
  if (!file) return direct || undefined;
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    throw new ConfigError(`${name}_FILE points at ${file}, which cannot be read.`);
  }
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw: Record<string, string | undefined> = { ...source };
  for (const name of SECRET_NAMES) raw[name] = readSecretVar(source, name);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production" && !source.MEMBERPULSE_ALLOW_DEV_SECRETS;
  const required = { AUTH_SECRET: env.AUTH_SECRET, APP_ENCRYPTION_KEY: env.APP_ENCRYPTION_KEY };
  for (const [name, value] of Object.entries(required)) {
    if (value) continue;
    if (production) {
      throw new ConfigError(
        `${name} is not set. Set ${name} (or ${name}_FILE) before starting in production; see .env.example.`,
      );
    }
  }
  return {
    ...env,
    AUTH_SECRET: env.AUTH_SECRET ?? devSecret("AUTH_SECRET"),
    APP_ENCRYPTION_KEY: env.APP_ENCRYPTION_KEY ?? devSecret("APP_ENCRYPTION_KEY"),
  };
}

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    cached = parseEnv();
    if (!process.env.AUTH_SECRET && !process.env.AUTH_SECRET_FILE) {
      logger.warn("config.dev_secret", { message: "AUTH_SECRET not set: using a generated development secret" });
    }
  }
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}
