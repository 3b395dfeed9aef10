import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { builtOnce } from "./built-once";
import { stripeSettings, tenantStripeMode, type StripeHealthStatus, type StripeMode, type StripeSettingsRow } from "../schema";

export async function getStripeSettings(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }): Promise<StripeSettingsRow | undefined> {
  const [row] = await db
    .select()
    .from(stripeSettings)
    .where(and(eq(stripeSettings.tenantId, tenantId), eq(stripeSettings.mode, mode)))
    .limit(1);
  return row;
}

export async function listStripeSettings(db: Db, { tenantId }: { tenantId: string }): Promise<StripeSettingsRow[]> {
  return settingsOfTenant(db).execute({ tenantId });
}

/** Pages and payments read it on every request: written once (builtOnce). */
const settingsOfTenant = builtOnce((db) => db.select().from(stripeSettings).where(eq(stripeSettings.tenantId, sql.placeholder("tenantId"))).prepare("stripe_settings_of_tenant"));

/** Columns a save may change. `undefined` leaves a column alone; `null` clears it. */
export type StripeSettingsPatch = Partial<
  Pick<
    StripeSettingsRow,
    | "publishableKey"
    | "secretKeyEnc"
    | "secretKeyHint"
    | "webhookSecretEnc"
    | "webhookSecretHint"
    | "accountId"
    | "linkedAccountId"
    | "accountName"
    | "chargesEnabled"
    | "payoutsEnabled"
    | "healthStatus"
    | "healthMessage"
    | "healthCheckedAt"
    | "webhookEndpointId"
    | "webhookEndpointUrl"
    | "connectAccountId"
    | "connectedAt"
    | "disconnectedAt"
  >
>;

/** Insert-or-update the (tenant, mode) row in one statement, so concurrent saves cannot create two rows. */
export async function upsertStripeSettings(db: Db, { tenantId, mode, patch }: { tenantId: string; mode: StripeMode; patch: StripeSettingsPatch }): Promise<StripeSettingsRow> {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as StripeSettingsPatch;
  const [row] = await db
    .insert(stripeSettings)
    .values({ tenantId, mode, ...set })
    .onConflictDoUpdate({ target: [stripeSettings.tenantId, stripeSettings.mode], set: { ...set, updatedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error("stripe_settings upsert returned nothing");
  return row;
}

export type StripeHealthRecord = {
  status: StripeHealthStatus;
  message: string | null;
  checkedAt: Date;
  accountId?: string | null;
  accountName?: string | null;
  chargesEnabled?: boolean | null;
  payoutsEnabled?: boolean | null;
  linkedAccountId?: string;
};

export async function recordStripeHealth(db: Db, { tenantId, mode, health }: { tenantId: string; mode: StripeMode; health: StripeHealthRecord }) {
  return upsertStripeSettings(db, {
    tenantId,
    mode,
    patch: {
      healthStatus: health.status,
      healthMessage: health.message,
      healthCheckedAt: health.checkedAt,
      accountId: health.accountId,
      accountName: health.accountName,
      chargesEnabled: health.chargesEnabled,
      payoutsEnabled: health.payoutsEnabled,
      ...(health.linkedAccountId ? { linkedAccountId: health.linkedAccountId } : {}),
    },
  });
}

export async function getActiveStripeMode(db: Db, { tenantId }: { tenantId: string }): Promise<StripeMode | null> {
  const [row] = await activeModeOf(db).execute({ tenantId });
  return row?.mode ?? null;
}

const activeModeOf = builtOnce((db) =>
  db.select({ mode: tenantStripeMode.activeMode }).from(tenantStripeMode).where(eq(tenantStripeMode.tenantId, sql.placeholder("tenantId"))).limit(1).prepare("active_stripe_mode_of"),
);

export async function setActiveStripeMode(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }): Promise<void> {
  await db
    .insert(tenantStripeMode)
    .values({ tenantId, activeMode: mode })
    .onConflictDoUpdate({ target: tenantStripeMode.tenantId, set: { activeMode: mode, updatedAt: sql`now()` } });
}
