import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { StripeConnectionPanel } from "@/components/settings/stripe-connection-panel";
import { StripeConnectPanel } from "@/components/settings/stripe-connect-panel";
import { StripeKeysForm } from "@/components/settings/stripe-keys-form";
import { RestrictedKeyGuide } from "@/components/settings/restricted-key-guide";
import { StripeModeToggle } from "@/components/settings/stripe-mode-toggle";
import { StripeWebhookPanel } from "@/components/settings/stripe-webhook-panel";
import { StripeTaxForm } from "@/components/settings/stripe-tax-form";
import { saveTaxSettingsAction } from "@/lib/billing-settings/actions";
import { taxEnabledFor } from "@/lib/billing-settings/billing-settings";
import { ReconciliationSummary, WebhookHealthPanel } from "@/components/settings/webhook-health-panel";
import { ActionForm } from "@/components/forms/action-form";
import { importExistingDataAction, reconcileNowAction } from "@/lib/stripe-connection/actions";
import { BackfillPanel } from "@/components/settings/backfill-panel";
import { loadBackfillView } from "@/lib/backfill/backfill-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { getStripeSettingsView } from "@/lib/stripe-connection/settings-view";
import { CONNECT_NOTICES } from "@/lib/stripe-connection/connect";
import { ONBOARDING_NOTICES } from "@/lib/stripe-connection/connect-onboarding";
import { getWebhookHealth } from "@/lib/webhooks/health";

export const metadata: Metadata = { title: "Stripe settings" };

/** How a notice after Stripe's pages reads: success, "not yet" (an onboarding still open), or a refusal. */
const NOTICE_TONES: Record<string, "good" | "info" | "bad"> = { connected: "good", onboarding_connected: "good", onboarding_incomplete: "info" };
const TONE_CLASSES = { good: "bg-emerald-50 text-emerald-900 ring-emerald-200", info: "bg-sky-50 text-sky-900 ring-sky-200", bad: "bg-red-50 text-red-800 ring-red-200" } as const;

export default async function StripeSettingsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ mode?: string; connect?: string }> }) {
  const { formatDateTime } = await viewerDateFormat();
  const { tenant } = await requireTenant((await params).tenant, "settings.stripe.manage");
  const db = await getDb();
  const view = await getStripeSettingsView(db, { tenantId: tenant.id });
  const { mode: requested, connect: noticeCode } = await searchParams;
  const notices: Record<string, string> = { ...CONNECT_NOTICES, ...ONBOARDING_NOTICES };
  const notice = noticeCode && Object.hasOwn(notices, noticeCode) ? { code: noticeCode, text: notices[noticeCode]!, tone: NOTICE_TONES[noticeCode] ?? "bad" } : null;
  const mode = requested === "test" || requested === "live" ? requested : view.activeMode;
  const current = view.modes[mode];
  const [health, backfill, taxEnabled] = await Promise.all([
    getWebhookHealth(db, { tenantId: tenant.id, mode }),
    loadBackfillView(db, { tenantId: tenant.id, mode }),
    taxEnabledFor(db, { tenantId: tenant.id }),
  ]);
  const base = `/${tenant.slug}/settings/integrations/stripe`;
  const fromEnv = [current.publishableKey.source, current.secretKey.source, current.webhookSecret.source].includes("environment");
  const viaConnect = current.connect.accountId !== null;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href={`/${tenant.slug}/settings/integrations`} className="hover:underline">
          Integrations
        </Link>{" "}
        / Stripe
      </nav>
      <PageHeader title="Stripe" description="Connect your Stripe account so members can pay inside the portal. Secret values are stored encrypted and only ever shown masked." />

      {notice ? (
        <p
          role={notice.tone === "bad" ? "alert" : "status"}
          data-testid="stripe-connect-notice"
          className={`mb-6 rounded-md p-3 text-sm ring-1 ${TONE_CLASSES[notice.tone]}`}
        >
          {notice.text}
        </p>
      ) : null}

      <Card title="Active mode" description={view.activeMode === "live" ? "Members pay with real cards." : "Payments use Stripe's test cards; no real money moves."} className="mb-6">
        <StripeModeToggle slug={tenant.slug} activeMode={view.activeMode} liveReady={view.modes.live.canActivate} />
      </Card>

      <Card title="Tax" description="Applies in test and live mode alike." className="mb-6">
        <StripeTaxForm action={saveTaxSettingsAction.bind(null, { slug: tenant.slug })} enabled={taxEnabled} />
      </Card>

      <div role="tablist" aria-label="Keys for mode" className="mb-4 flex gap-1 border-b border-slate-200">
        {(["test", "live"] as const).map((m) => (
          <Link
            key={m}
            role="tab"
            aria-selected={m === mode}
            href={`${base}?mode=${m}`}
            className={`-mb-px border-b-2 px-4 py-2 text-sm font-semibold ${m === mode ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {m === "test" ? "Test mode" : "Live mode"}
            {m === view.activeMode ? <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-[11px] text-brand-700">active</span> : null}
          </Link>
        ))}
      </div>

      <div className="space-y-6" role="tabpanel" aria-label={`${mode} mode`}>
        <Card
          title="Connection"
          description={
            viaConnect
              ? "Checks the connected account through Stripe Connect."
              : current.connect.onboarding
                ? "The new Stripe account connects by itself once Stripe has enabled it."
                : `Checks the ${mode}-mode secret key against Stripe.`
          }
        >
          <StripeConnectionPanel key={`${mode}-${current.checkedAt?.toISOString() ?? "never"}`} slug={tenant.slug} view={current} checkedAtLabel={current.checkedAt ? formatDateTime(current.checkedAt) : null} />
        </Card>

        {current.secretKey.storedByTenant ? (
          <Card title="Existing data" description={`Customers, subscriptions, invoices and payments already in your ${mode}-mode Stripe account, imported once; webhooks keep them current afterwards.`}>
            <BackfillPanel view={backfill} format={formatDateTime} />
            <ActionForm
              action={importExistingDataAction.bind(null, { slug: tenant.slug, mode })}
              submitLabel={backfill?.status === "done" ? "Import again" : backfill ? "Resume import" : "Import existing data"}
              pendingLabel="Queuing…"
              variant="secondary"
              className="mt-4"
              testId="import-existing-data"
            />
          </Card>
        ) : null}

        {current.connect.available || viaConnect ? (
          <Card title="Connect with Stripe" description={
              viaConnect
                ? `Connected with Stripe Connect in ${mode} mode.`
                : current.connect.onboarding
                  ? "Setting up a new Stripe account for this organisation."
                  : "Recommended: no keys to copy, and Stripe's own sign-in decides which account."
            }>
            <StripeConnectPanel
              slug={tenant.slug}
              view={current}
              connectedAtLabel={current.connect.connectedAt ? formatDateTime(current.connect.connectedAt) : null}
              startedAtLabel={current.connect.onboarding ? formatDateTime(current.connect.onboarding.startedAt) : null}
            />
          </Card>
        ) : null}

        {viaConnect ? null : (
          <>
            <Card
              title={current.connect.available ? "Or use API keys" : "API keys"}
              description={
                fromEnv
                  ? "Values marked “From environment” are the platform's defaults (STRIPE_* variables). Saving your own overrides them for this portal."
                  : `From Dashboard > Developers > API keys, in ${mode} mode.`
              }
            >
              <StripeKeysForm key={`${mode}-${current.checkedAt?.toISOString() ?? "never"}-${current.webhookEndpointId ?? ""}`} slug={tenant.slug} view={current} />
            </Card>

            <Card title="Use a restricted key" description="The permissions the portal needs, and nothing more.">
              <RestrictedKeyGuide mode={mode} />
            </Card>
          </>
        )}

        <Card title="Webhooks" description="Stripe tells the portal about payments, subscriptions and refunds through this endpoint.">
          {viaConnect ? (
            <p className="text-sm text-slate-700" data-testid="stripe-connect-webhooks">
              Events arrive through the platform&apos;s Connect endpoint, which routes each one to this portal by its account. Nothing to set up here.
            </p>
          ) : (
            <StripeWebhookPanel key={mode} slug={tenant.slug} view={current} />
          )}
          <div className="mt-6 border-t border-slate-100 pt-4">
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Recent deliveries</h3>
            <WebhookHealthPanel health={health} format={formatDateTime} />
          </div>
          <div className="mt-6 border-t border-slate-100 pt-4">
            <h3 className="mb-1 text-sm font-semibold text-slate-900">Reconciliation</h3>
            <p className="mb-3 text-sm text-slate-600">Every hour the portal compares Stripe&apos;s event list with what it received and applies anything it missed.</p>
            <ReconciliationSummary reconciliation={health.reconciliation} format={formatDateTime} />
            {current.secretKey.storedByTenant || viaConnect ? (
              <ActionForm action={reconcileNowAction.bind(null, { slug: tenant.slug, mode })} submitLabel="Reconcile now" pendingLabel="Queuing…" variant="secondary" className="mt-3" testId="reconcile-now" />
            ) : null}
          </div>
        </Card>
      </div>
    </>
  );
}
