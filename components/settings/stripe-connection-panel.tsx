"use client";

import { useActionState } from "react";
import { testConnectionAction, type ExistingEndpoint } from "@/lib/stripe-connection/actions";
import type { ActionResult } from "@/lib/actions/action-result";
import { Button } from "@/components/ui/button";
import type { StripeModeView } from "@/lib/stripe-connection/settings-view";
import { StripeStatusBadge } from "./stripe-status-badge";

function yesNo(v: boolean | null) {
  return v === null ? "—" : v ? "Yes" : "No";
}

/** The badge, what the last check found, and "Test connection" (which doubles as the retry). */
export function StripeConnectionPanel({ slug, view, checkedAtLabel }: { slug: string; view: StripeModeView; checkedAtLabel: string | null }) {
  const [state, action, pending] = useActionState<ActionResult<ExistingEndpoint>>(testConnectionAction.bind(null, { slug, mode: view.mode }), {});
  const failed = view.badge === "invalid_key" || view.badge === "unreachable" || view.badge === "mode_mismatch" || view.badge === "disconnected" || view.missingPermissions.length > 0;
  const canTest = view.badge !== "not_configured" && view.badge !== "disconnected" && view.badge !== "setting_up";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <StripeStatusBadge badge={view.badge} />
        {checkedAtLabel ? <span className="text-xs text-slate-500">Last checked {checkedAtLabel}</span> : null}
      </div>
      {view.healthMessage && view.badge !== "not_checked" ? (
        <p className={`text-sm ${failed ? "text-red-700" : "text-slate-700"}`} data-testid="stripe-health-message">
          {view.healthMessage}
        </p>
      ) : null}
      {view.missingPermissions.length > 0 && view.badge === "connected" ? (
        <ul className="list-disc space-y-1 pl-5 text-sm text-red-700" data-testid="stripe-missing-permissions" aria-label="Missing permissions">
          {view.missingPermissions.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      {view.badge === "not_configured" ? (
        <p className="text-sm text-slate-600">{view.connect.available ? `Connect with Stripe below, or save a secret key and a publishable key for ${view.mode} mode.` : `Save a secret key and a publishable key for ${view.mode} mode below to connect Stripe.`}</p>
      ) : null}
      {view.badge === "setting_up" ? (
        <p className="text-sm text-slate-600">A new Stripe account is being set up for {view.mode} mode: finish it on Stripe&apos;s page with “Continue setup” below. Members can pay once Stripe has enabled it.</p>
      ) : null}
      {/* Every <dt>/<dd> pair sits in a <div> directly inside the <dl>: a deeper wrapper breaks the list for screen readers. */}
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-[minmax(0,1fr)_auto_auto]">
        <div className="col-span-2 min-w-0 sm:col-span-1">
          <dt className="text-slate-500">Account</dt>
          <dd className="truncate font-medium text-slate-900" data-testid="stripe-account">
            {view.account.name ?? "—"} {view.account.id ? <code className="ml-1 font-mono text-xs text-slate-600">{view.account.id}</code> : null}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Charges enabled</dt>
          <dd className="font-medium text-slate-900">{yesNo(view.account.chargesEnabled)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Payouts enabled</dt>
          <dd className="font-medium text-slate-900">{yesNo(view.account.payoutsEnabled)}</dd>
        </div>
      </dl>
      {/* Disconnected: nothing to test until Stripe is connected again (the message above says how). */}
      {view.badge === "disconnected" ? null : (
        <form action={action} className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant={failed ? "primary" : "secondary"} disabled={pending || !canTest} aria-busy={pending}>
            {pending ? "Testing…" : failed ? "Retry connection test" : "Test connection"}
          </Button>
          {!pending && state.error && !failed ? (
            <p role="alert" className="text-sm text-red-700">
              {state.error}
            </p>
          ) : null}
        </form>
      )}
    </div>
  );
}
