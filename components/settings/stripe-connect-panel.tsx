import { ActionForm } from "@/components/forms/action-form";
import { cancelOnboardingAction, connectStripeAction, createStripeAccountAction, disconnectStripeAction } from "@/lib/stripe-connection/actions";
import type { StripeModeView } from "@/lib/stripe-connection/settings-view";

/**
 * "Connect with Stripe" (OAuth for an existing Standard account) and "Create a Stripe account"
 * (Connect Onboarding, for organisations without one) for one mode; an onboarding in progress with
 * Continue / Cancel setup; or the connected account with Disconnect. Shown only where the platform
 * is configured for Connect in this mode.
 */
export function StripeConnectPanel({ slug, view, connectedAtLabel, startedAtLabel }: { slug: string; view: StripeModeView; connectedAtLabel: string | null; startedAtLabel?: string | null }) {
  const { connect, mode } = view;
  if (connect.accountId) {
    return (
      <div className="space-y-3" data-testid="stripe-connect-connected">
        <p className="text-sm text-slate-700">
          Connected to <code className="font-mono text-xs text-slate-900">{connect.accountId}</code>
          {connectedAtLabel ? <> since {connectedAtLabel}</> : null}. The portal charges in that account with the platform&apos;s access; no key of yours is stored.
        </p>
        <ActionForm
          key="disconnect"
          action={disconnectStripeAction.bind(null, { slug, mode })}
          submitLabel="Disconnect"
          pendingLabel="Disconnecting…"
          variant="secondary"
          testId="stripe-disconnect"
          confirm={{
            title: `Disconnect Stripe in ${mode} mode?`,
            body: "The portal loses access to the account at once: members cannot pay and renewals are no longer recorded until Stripe is connected again (with Connect or with keys). Nothing is deleted in Stripe.",
            confirmLabel: "Yes, disconnect",
          }}
        />
      </div>
    );
  }
  if (connect.onboarding) {
    const { accountId, detailsSubmitted } = connect.onboarding;
    return (
      <div className="space-y-3" data-testid="stripe-onboarding">
        <p className="text-sm text-slate-700">
          A new Stripe account <code className="break-all font-mono text-xs text-slate-900">{accountId}</code> is being set up for this organisation
          {startedAtLabel ? <> (started {startedAtLabel})</> : null}.{" "}
          <span data-testid="stripe-onboarding-status">
            {detailsSubmitted
              ? "Your details are with Stripe; it has not enabled payments on the account yet. This page updates when it does."
              : "Stripe still needs some details (business, identity, bank account) before members can pay."}
          </span>
        </p>
        <div className="flex flex-wrap gap-3">
          <ActionForm key="continue" action={createStripeAccountAction.bind(null, { slug, mode })} submitLabel="Continue setup" pendingLabel="Opening Stripe…" testId="stripe-onboarding-continue" />
          <ActionForm
            key="cancel"
            action={cancelOnboardingAction.bind(null, { slug, mode })}
            submitLabel="Cancel setup"
            pendingLabel="Cancelling…"
            variant="secondary"
            testId="stripe-onboarding-cancel"
            confirm={{
              title: `Cancel the Stripe account setup in ${mode} mode?`,
              body: "The portal forgets the account being set up and its setup link stops working. The account itself stays with Stripe. You can then create a new account or connect an existing one.",
              confirmLabel: "Yes, cancel setup",
            }}
          />
        </div>
      </div>
    );
  }
  return (
    <div className="space-y-5" data-testid="stripe-connect-offer">
      <div className="space-y-3">
        <p className="text-sm text-slate-700">
          Already have a Stripe account? Sign in to Stripe and allow this portal to take payments in it. No key is copied or stored: Stripe can revoke the access at any time, and so can you here.
        </p>
        {/* Keyed apart: the Disconnect form's answer must not reappear beside this button. */}
        <ActionForm key="connect" action={connectStripeAction.bind(null, { slug, mode })} submitLabel="Connect with Stripe" pendingLabel="Opening Stripe…" testId="stripe-connect" />
      </div>
      <div className="space-y-3 border-t border-slate-100 pt-4">
        <p className="text-sm text-slate-700">
          No Stripe account yet? The portal creates one for your organisation and Stripe asks for your business and bank details on its own page. Payments start once Stripe has enabled the account.
        </p>
        <ActionForm key="create" action={createStripeAccountAction.bind(null, { slug, mode })} submitLabel="Create a Stripe account" pendingLabel="Creating…" variant="secondary" testId="stripe-create-account" />
      </div>
    </div>
  );
}
