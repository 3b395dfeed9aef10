import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, stripeSettings } from "@/db/schema";
import { parseEnv } from "@/lib/env";
import { stripeEnvDefaults } from "@/lib/stripe/env-defaults";
import { stripeFor, resolveWebhookSecret, StripeNotConfiguredError } from "@/lib/stripe-connection/resolve";
import { removeStripeValue, saveStripeKeys } from "@/lib/stripe-connection/save-stripe-keys";
import { getStripeSettingsView } from "@/lib/stripe-connection/settings-view";
import { switchStripeMode } from "@/lib/stripe-connection/switch-stripe-mode";
import { createTestTenant, useTestDb } from "../helpers/db";
import { setStripeEnv } from "../helpers/stripe-env";

let db: Db;
const keys = {
  test: { publishableKey: "pk_test_PUBLISHABLEabcdefgh1111", secretKey: "sk_test_SECRETabcdefghijklmn2222", webhookSecret: "whsec_WEBHOOKabcdefghijkl3333" },
  live: { publishableKey: "pk_live_PUBLISHABLEabcdefgh4444", secretKey: "rk_live_RESTRICTEDabcdefghij5555", webhookSecret: "whsec_LIVEWEBHOOKabcdefgh6666" },
};

beforeAll(async () => {
  db = (await useTestDb()).db;
});
beforeEach(() => setStripeEnv());

async function newTenant() {
  const t = await createTestTenant(db, "stripe");
  return { ...t, actor: { tenantId: t.tenant.id, userId: t.admin.id } };
}

async function rowsOfTenant(tenantId: string) {
  return db.select().from(stripeSettings).where(eq(stripeSettings.tenantId, tenantId));
}

describe("saving keys", () => {
  it.each([
    ["live key in test mode", "test", { secretKey: "sk_live_abcdefghijklmnop" }, "secretKey", /live-mode key/],
    ["test key in live mode", "live", { publishableKey: "pk_test_abcdefghijklmnop" }, "publishableKey", /test-mode key/],
    ["unknown prefix", "test", { secretKey: "xk_test_abcdefghijklmnop" }, "secretKey", /must start with sk_test_ or rk_test_/],
    ["webhook secret without whsec_", "test", { webhookSecret: "sec_abcdefghijklmnop" }, "webhookSecret", /whsec_/],
    ["whitespace inside a key", "test", { secretKey: "sk_test_abcdef ghijklmnop" }, "secretKey", /spaces or line breaks/],
    ["trailing newline", "test", { publishableKey: "pk_test_abcdefghijklmnop\n" }, "publishableKey", /spaces or line breaks/],
  ] as const)("refuses a %s with a field error and stores nothing", async (_name, mode, input, field, message) => {
    const { tenant, actor } = await newTenant();
    const result = await saveStripeKeys(db, actor, { mode, input: { ...input } });
    expect(result.ok).toBe(false);
    expect(result.fieldErrors?.[field]).toMatch(message);
    expect(await rowsOfTenant(tenant.id)).toHaveLength(0);
    expect(await db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id))).toHaveLength(0);
  });

  it("stores nothing when one field of several is invalid", async () => {
    const { tenant, actor } = await newTenant();
    const result = await saveStripeKeys(db, actor, { mode: "test", input: { ...keys.test, webhookSecret: "nope_abcdefghijklmn" } });
    expect(Object.keys(result.fieldErrors ?? {})).toEqual(["webhookSecret"]);
    expect(await rowsOfTenant(tenant.id)).toHaveLength(0);
  });

  it("never keeps a secret readable: not in any column, the audit log, or the result", async () => {
    const { tenant, actor } = await newTenant();
    const results = [await saveStripeKeys(db, actor, { mode: "test", input: keys.test }), await saveStripeKeys(db, actor, { mode: "live", input: keys.live })];
    const rows = await rowsOfTenant(tenant.id);
    expect(rows).toHaveLength(2);
    const dump = JSON.stringify(rows);
    const audit = JSON.stringify(await db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id)));
    for (const secret of [keys.test.secretKey, keys.test.webhookSecret, keys.live.secretKey, keys.live.webhookSecret]) {
      const body = secret.replace(/^(sk|rk)_(test|live)_|^whsec_/, "");
      expect(dump).not.toContain(body);
      expect(audit).not.toContain(body);
      expect(JSON.stringify(results)).not.toContain(body);
    }
    const test = rows.find((r) => r.mode === "test")!;
    expect(test.secretKeyHint).toBe("sk_test_…2222");
    expect(test.secretKeyEnc).toMatch(/^v1:/);
    expect(test.publishableKey).toBe(keys.test.publishableKey);
    expect(audit).toContain('"secret_key"');
    // The page model carries masks only.
    const view = JSON.stringify(await getStripeSettingsView(db, { tenantId: tenant.id }));
    expect(view).not.toContain("SECRETabcdefghijklmn");
    expect(view).toContain("sk_test_…2222");
  });

  it("keeps the stored secret when a field is left empty; Remove clears it", async () => {
    const { tenant, actor } = await newTenant();
    await saveStripeKeys(db, actor, { mode: "test", input: keys.test });
    await saveStripeKeys(db, actor, { mode: "test", input: { publishableKey: "pk_test_NEWPUBLISHABLEabcd9999", secretKey: "", webhookSecret: "   " } });
    let resolved = await stripeFor(db, { tenantId: tenant.id, mode: "test" });
    expect(resolved.publishableKey).toBe("pk_test_NEWPUBLISHABLEabcd9999");
    expect(resolved.webhookSecret).toBe(keys.test.webhookSecret);
    await removeStripeValue(db, actor, { mode: "test", field: "webhookSecret" });
    resolved = await stripeFor(db, { tenantId: tenant.id, mode: "test" });
    expect(resolved.webhookSecret).toBeUndefined();
    await removeStripeValue(db, actor, { mode: "test", field: "secretKey" });
    await expect(stripeFor(db, { tenantId: tenant.id, mode: "test" })).rejects.toBeInstanceOf(StripeNotConfiguredError);
  });
});

describe("resolver", () => {
  it("says not configured (409 at the API) when neither tenant nor environment has keys", async () => {
    const { tenant } = await newTenant();
    const error = await stripeFor(db, { tenantId: tenant.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StripeNotConfiguredError);
    expect(error).toMatchObject({ code: "stripe_not_configured", status: 409 });
  });

  it("uses the environment's keys for unconfigured tenants and the tenant's own once saved", async () => {
    setStripeEnv({ STRIPE_SECRET_KEY: "sk_test_ENVSECRETabcdefgh", STRIPE_PUBLISHABLE_KEY: "pk_test_ENVPUBabcdefgh", STRIPE_WEBHOOK_SECRET: "whsec_ENVWHabcdefghij", STRIPE_ACCOUNT_ID: "acct_env" });
    const { tenant, actor } = await newTenant();
    const fromEnv = await stripeFor(db, { tenantId: tenant.id });
    expect(fromEnv).toMatchObject({ source: "environment", mode: "test", publishableKey: "pk_test_ENVPUBabcdefgh", accountId: "acct_env", webhookSecret: "whsec_ENVWHabcdefghij" });
    const view = await getStripeSettingsView(db, { tenantId: tenant.id });
    expect(view.modes.test.secretKey).toMatchObject({ source: "environment", mask: "sk_test_…efgh" });
    // Environment keys are test keys: they must never serve live mode.
    await expect(stripeFor(db, { tenantId: tenant.id, mode: "live" })).rejects.toBeInstanceOf(StripeNotConfiguredError);
    expect(await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "live" })).toBeNull();

    await saveStripeKeys(db, actor, { mode: "test", input: { publishableKey: keys.test.publishableKey, secretKey: keys.test.secretKey } });
    const own = await stripeFor(db, { tenantId: tenant.id });
    expect(own).toMatchObject({ source: "tenant", publishableKey: keys.test.publishableKey });
    expect(own.accountId).toBeUndefined();
    // The tenant now uses its own Stripe account and saved no webhook secret: the platform's secret
    // must not verify deliveries for it (they would be events of another account).
    expect(await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "test" })).toBeNull();
  });

  it("offers environment defaults to live mode when STRIPE_MODE=live", async () => {
    setStripeEnv({ STRIPE_MODE: "live", STRIPE_SECRET_KEY: "sk_live_ENVabcdefghijk", STRIPE_PUBLISHABLE_KEY: "pk_live_ENVabcdefghijk", STRIPE_WEBHOOK_SECRET: "whsec_LIVEENVabcdefgh" });
    const { tenant } = await newTenant();
    expect(await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "live" })).toBe("whsec_LIVEENVabcdefgh");
    expect(await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "test" })).toBeNull();
    expect((await stripeFor(db, { tenantId: tenant.id })).mode).toBe("live");
  });

  it("keeps the other mode's keys when switching, and refuses live without a passed test", async () => {
    const { tenant, actor } = await newTenant();
    await saveStripeKeys(db, actor, { mode: "test", input: keys.test });
    await saveStripeKeys(db, actor, { mode: "live", input: keys.live });
    const refused = await switchStripeMode(db, actor, { mode: "live" });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/Test the live connection first/) });
    expect((await stripeFor(db, { tenantId: tenant.id })).mode).toBe("test");

    // Simulate a passed live check, then switch back and forth.
    await db.update(stripeSettings).set({ healthStatus: "connected" }).where(eq(stripeSettings.tenantId, tenant.id));
    expect((await switchStripeMode(db, actor, { mode: "live" })).ok).toBe(true);
    expect((await stripeFor(db, { tenantId: tenant.id })).publishableKey).toBe(keys.live.publishableKey);
    expect((await switchStripeMode(db, actor, { mode: "test" })).ok).toBe(true);
    const back = await stripeFor(db, { tenantId: tenant.id });
    expect(back).toMatchObject({ mode: "test", publishableKey: keys.test.publishableKey, webhookSecret: keys.test.webhookSecret });
    expect(await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "live" })).toBe(keys.live.webhookSecret);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id))).map((a) => a.action);
    expect(actions.filter((a) => a === "stripe.mode_switched")).toHaveLength(2);
  });

  it("refuses clearly when a stored secret was encrypted under another key", async () => {
    const { tenant, actor } = await newTenant();
    await saveStripeKeys(db, actor, { mode: "test", input: keys.test });
    setStripeEnv(); // a new APP_ENCRYPTION_KEY
    await expect(stripeFor(db, { tenantId: tenant.id })).rejects.toThrow(/cannot be decrypted/);
  });
});

describe("environment defaults", () => {
  const base = { NODE_ENV: "test" as const, APP_ENCRYPTION_KEY: "x", AUTH_SECRET: "y" };

  it("reads STRIPE_* directly", () => {
    const config = parseEnv({ ...base, STRIPE_SECRET_KEY: "sk_test_a", STRIPE_PUBLISHABLE_KEY: "pk_test_b", STRIPE_WEBHOOK_SECRET: "whsec_c", STRIPE_ACCOUNT_ID: "acct_d" });
    expect(stripeEnvDefaults(config)).toEqual({ mode: "test", secretKey: "sk_test_a", publishableKey: "pk_test_b", webhookSecret: "whsec_c", accountId: "acct_d" });
  });

  it("reads every STRIPE_*_FILE variant, trimming the file's newline", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mp-env-"));
    const file = (name: string, value: string) => {
      const p = path.join(dir, name);
      writeFileSync(p, `${value}\n`);
      return p;
    };
    const config = parseEnv({
      ...base,
      STRIPE_SECRET_KEY_FILE: file("sk", "sk_live_fromfile"),
      STRIPE_PUBLISHABLE_KEY_FILE: file("pk", "pk_live_fromfile"),
      STRIPE_WEBHOOK_SECRET_FILE: file("wh", "whsec_fromfile"),
      STRIPE_ACCOUNT_ID_FILE: file("acct", "acct_fromfile"),
      STRIPE_MODE_FILE: file("mode", "live"),
    });
    expect(stripeEnvDefaults(config)).toEqual({ mode: "live", secretKey: "sk_live_fromfile", publishableKey: "pk_live_fromfile", webhookSecret: "whsec_fromfile", accountId: "acct_fromfile" });
  });

  it("infers the mode from the key when STRIPE_MODE is unset", () => {
    expect(stripeEnvDefaults(parseEnv({ ...base, STRIPE_SECRET_KEY: "rk_live_x" })).mode).toBe("live");
    expect(stripeEnvDefaults(parseEnv({ ...base })).mode).toBe("test");
  });

  it("refuses both a variable and its _FILE, and an unreadable file", () => {
    expect(() => parseEnv({ ...base, STRIPE_SECRET_KEY: "sk_test_a", STRIPE_SECRET_KEY_FILE: "/tmp/x" })).toThrow(/either STRIPE_SECRET_KEY or STRIPE_SECRET_KEY_FILE/);
    expect(() => parseEnv({ ...base, STRIPE_WEBHOOK_SECRET_FILE: "/nonexistent/mp-secret" })).toThrow(/cannot be read/);
  });
});
