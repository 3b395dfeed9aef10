import { ActionForm } from "@/components/forms/action-form";
import { connectStripeAction, disconnectStripeAction } from "@/lib/stripe-connection/actions";
import type { StripeModeView } from "@/lib/stripe-connection/settings-view";

/**
 * "Connect with Stripe" (OAuth for Standard accounts) for one mode, or the connected account with
 * Disconnect. Shown only where the platform is configured for Connect in this mode.
 */
export function StripeConnectPanel({ slug, view, connectedAtLabel }: { slug: string; view: StripeModeView; connectedAtLabel: string | null }) {
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
  return (
    <div className="space-y-3" data-testid="stripe-connect-offer">
      <p className="text-sm text-slate-700">
        Sign in to Stripe (or create an account) and allow this portal to take payments in it. No key is copied or stored: Stripe can revoke the access at any time, and so can you here.
      </p>
      {/* Keyed apart: the Disconnect form's answer must not reappear beside this button. */}
      <ActionForm key="connect" action={connectStripeAction.bind(null, { slug, mode })} submitLabel="Connect with Stripe" pendingLabel="Opening Stripe…" testId="stripe-connect" />
    </div>
  );
}
