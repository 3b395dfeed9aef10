import type Stripe from "stripe";
import { recordAudit } from "@/db/queries/audit-log";
import { applyConnectAccountUpdate, markConnectDeauthorized } from "@/db/queries/stripe-connect";
import { deleteConnectOnboarding, getConnectOnboarding, updateConnectOnboardingStatus } from "@/db/queries/stripe-connect-onboardings";
import { storeConnectedAccount } from "@/lib/stripe-connection/connect";
import { forgetWebhookSecrets } from "@/lib/stripe-connection/webhook-secret-cache";
import { defineHandler, type ProjectionContext } from "../context";

/** What the health panel says about a connected account's requirements (never their values). */
export function requirementsSummary(account: Stripe.Account): string {
  const name = account.business_profile?.name ?? account.settings?.dashboard?.display_name ?? account.id;
  const due = account.requirements?.currently_due ?? [];
  const pastDue = account.requirements?.past_due ?? [];
  const disabled = account.requirements?.disabled_reason;
  const parts = [`Connected to ${name}.`];
  if (!account.charges_enabled) parts.push("Stripe has disabled charges on this account: members cannot pay until it is resolved in the Stripe Dashboard.");
  if (disabled) parts.push(`Stripe's reason: ${disabled.replaceAll("_", " ")}.`);
  if (pastDue.length) parts.push(`${pastDue.length} requirement${pastDue.length === 1 ? " is" : "s are"} past due in Stripe.`);
  else if (due.length) parts.push(`Stripe asks for ${due.length} more detail${due.length === 1 ? "" : "s"} (see the Stripe Dashboard).`);
  return parts.join(" ");
}

/**
 * Connect events about the connected account itself (routed here by connect-ingest.ts):
 * account.updated refreshes the health panel; account.application.deauthorized means the account
 * owner revoked the platform's access in Stripe, so the tenant stops charging and the panel says why.
 */
export const connectAccountHandler = defineHandler({
  name: "connect-account",
  types: ["account.updated", "account.application.deauthorized"],
  decide: async (ctx, event) => {
    const accountId = event.account;
    if (!accountId) return { status: "ignored", note: "not a Connect event" };
    if (event.type === "account.updated") {
      const account = event.data.object;
      const applied = await applyConnectAccountUpdate(ctx.tx, {
        tenantId: ctx.tenantId,
        mode: ctx.mode,
        accountId,
        created: event.created,
        patch: {
          chargesEnabled: account.charges_enabled ?? false,
          payoutsEnabled: account.payouts_enabled ?? false,
          accountName: account.business_profile?.name ?? account.settings?.dashboard?.display_name ?? null,
          healthMessage: requirementsSummary(account),
        },
      });
      if (applied) return { status: "processed", note: "connection health updated" };
      return (await applyOnboardingUpdate(ctx, accountId, account, event.created)) ?? { status: "ignored", note: "older than the connection health shown" };
    }
    const when = new Date(event.created * 1000).toISOString().slice(0, 16).replace("T", " ");
    const changed = await markConnectDeauthorized(ctx.tx, {
      tenantId: ctx.tenantId,
      mode: ctx.mode,
      accountId,
      message: `The owner of Stripe account ${accountId} revoked this portal's access in Stripe (${when} UTC). The portal cannot take payments in ${ctx.mode} mode until Stripe is connected again.`,
    });
    if (!changed) return { status: "ignored", note: "account no longer connected" };
    await recordAudit(ctx.tx, { tenantId: ctx.tenantId, actorUserId: null, action: "stripe.connect_deauthorized", target: `${ctx.mode} mode: ${accountId}`, fields: ["connect_account_id"] });
    return { status: "processed", note: "access revoked in Stripe" };
  },
});

/**
 * account.updated of an account the tenant is onboarding (Connect Onboarding): once Stripe reports
 * it complete (details submitted, charges enabled) it becomes the tenant's connection, in this
 * event's transaction, with the health panel filled from the event; before that, only the
 * onboarding's progress is recorded. Null when the account is not the tenant's onboarding account.
 */
async function applyOnboardingUpdate(ctx: ProjectionContext, accountId: string, account: Stripe.Account, created: number) {
  const onboarding = await getConnectOnboarding(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode });
  if (onboarding?.accountId !== accountId) return null;
  const at = new Date(created * 1000);
  const detailsSubmitted = account.details_submitted ?? false;
  const chargesEnabled = account.charges_enabled ?? false;
  if (!(detailsSubmitted && chargesEnabled)) {
    const applied = await updateConnectOnboardingStatus(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, accountId, at, detailsSubmitted, chargesEnabled });
    return applied ? { status: "processed" as const, note: "onboarding progress recorded" } : { status: "ignored" as const, note: "older than the onboarding progress shown" };
  }
  // Taking the onboarding row first: a return page completing it at the same moment waits, then finds nothing to take.
  if (!(await deleteConnectOnboarding(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, accountId }))) return null;
  await storeConnectedAccount(ctx.tx, { tenantId: ctx.tenantId, userId: null }, {
    mode: ctx.mode,
    accountId,
    health: {
      healthStatus: "connected",
      healthMessage: requirementsSummary(account),
      healthCheckedAt: at,
      chargesEnabled,
      payoutsEnabled: account.payouts_enabled ?? false,
      accountName: account.business_profile?.name ?? account.settings?.dashboard?.display_name ?? null,
    },
  });
  ctx.afterCommit(async () => forgetWebhookSecrets(ctx.tenantId));
  return { status: "processed" as const, note: "onboarding completed: account connected" };
}
