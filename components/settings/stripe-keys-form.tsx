"use client";

import { startTransition, useActionState } from "react";
import { removeValueAction, saveKeysAction, type ExistingEndpoint } from "@/lib/stripe-connection/actions";
import type { ActionResult as Result } from "@/lib/actions/action-result";
import { Button } from "@/components/ui/button";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { FormError, TextField } from "@/components/ui/field";
import type { StripeModeView, ValueSource } from "@/lib/stripe-connection/settings-view";
import { useValuesKeptOnError } from "@/components/forms/use-values-kept-on-error";
import { ActionResult } from "./action-result";

type Field = "publishableKey" | "secretKey" | "webhookSecret";

const SECRETS_CLEARED_NOTE = "Type the secret key and signing secret again: they are not kept after an error.";

function SourceTag({ source }: { source: ValueSource }) {
  if (!source) return null;
  return (
    <span className={`ml-2 rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide ${source === "environment" ? "bg-violet-50 text-violet-800" : "bg-slate-100 text-slate-600"}`}>
      {source === "environment" ? "From environment" : "Saved here"}
    </span>
  );
}

const WHAT_STOPS: Record<Field, { name: string; consequence: string }> = {
  publishableKey: { name: "publishable key", consequence: "Card fields in the portal stop loading until a new key is saved." },
  secretKey: { name: "secret key", consequence: "Payments, refunds, subscriptions and catalog sync stop working until a new key is saved." },
  webhookSecret: { name: "webhook signing secret", consequence: "Stripe's webhooks are refused, so payments stop being recorded, until a new secret is saved." },
};

function Current({ field, mode, value, source, removable, onRemove, pending }: { field: Field; mode: string; value: string | null; source: ValueSource; removable: boolean; onRemove: () => void; pending: boolean }) {
  return (
    <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
      <span>Current:</span>
      {value ? <code className="break-all rounded bg-slate-50 px-1.5 py-0.5 font-mono text-slate-800 ring-1 ring-slate-200">{value}</code> : <span className="italic">none</span>}
      <SourceTag source={source} />
      {removable ? (
        <ConfirmSubmit
          label="Remove"
          pendingLabel="Removing…"
          pending={pending}
          variant="secondary"
          className="px-2.5 py-1 text-xs"
          onConfirm={() => startTransition(onRemove)}
          confirm={{
            title: `Remove the ${mode} ${WHAT_STOPS[field].name}?`,
            body: `${WHAT_STOPS[field].consequence} The stored value is deleted; it cannot be shown again.`,
            confirmLabel: "Yes, remove",
          }}
        />
      ) : null}
    </div>
  );
}

function useRemove(slug: string, mode: StripeModeView["mode"], field: Field) {
  return useActionState<Result<ExistingEndpoint>>(removeValueAction.bind(null, { slug, mode, field }), {});
}

/** Keys for one mode. Secret inputs start empty: leaving one empty keeps what is stored, and stored secrets only ever come back masked. */
export function StripeKeysForm({ slug, view }: { slug: string; view: StripeModeView }) {
  const { mode } = view;
  const [state, action, pending] = useActionState<Result<ExistingEndpoint>, FormData>(saveKeysAction.bind(null, { slug, mode }), {});
  const [pkState, removePk, pkPending] = useRemove(slug, mode, "publishableKey");
  const [skState, removeSk, skPending] = useRemove(slug, mode, "secretKey");
  const [whState, removeWh, whPending] = useRemove(slug, mode, "webhookSecret");
  const removal = [pkState, skState, whState].find((s) => s.ok || s.error);
  // A refused save keeps the publishable key typed; the secret ones are emptied, with a note.
  const { ref, onSubmit, secretsCleared } = useValuesKeptOnError(action, state);
  const fe = state.fieldErrors ?? {};
  return (
    <form ref={ref} action={action} onSubmit={onSubmit} className="space-y-5" noValidate aria-label={`${mode === "test" ? "Test" : "Live"} mode keys`}>
      <FormError message={state.fieldErrors ? [state.error, secretsCleared ? SECRETS_CLEARED_NOTE : null].filter(Boolean).join(" ") : undefined} />
      <div>
        <TextField label="Publishable key" name="publishableKey" placeholder={`pk_${mode}_…`} autoComplete="off" spellCheck={false} error={fe.publishableKey} />
        <Current field="publishableKey" mode={mode} value={view.publishableKey.value} source={view.publishableKey.source} removable={view.publishableKey.source === "tenant"} onRemove={() => removePk()} pending={pkPending} />
      </div>
      <div>
        <TextField
          label="Secret key or restricted key"
          name="secretKey"
          type="password"
          placeholder={view.secretKey.mask ? "Leave empty to keep the current key" : `sk_${mode}_… or rk_${mode}_…`}
          autoComplete="off"
          spellCheck={false}
          error={fe.secretKey}
        />
        <Current field="secretKey" mode={mode} value={view.secretKey.mask} source={view.secretKey.source} removable={view.secretKey.storedByTenant} onRemove={() => removeSk()} pending={skPending} />
      </div>
      <div>
        <TextField
          label="Webhook signing secret"
          name="webhookSecret"
          type="password"
          placeholder={view.webhookSecret.mask ? "Leave empty to keep the current secret" : "whsec_…"}
          autoComplete="off"
          spellCheck={false}
          error={fe.webhookSecret}
          hint="Filled in for you by “Create webhook endpoint”. Paste one only if you created the endpoint in the Stripe Dashboard."
        />
        <Current field="webhookSecret" mode={mode} value={view.webhookSecret.mask} source={view.webhookSecret.source} removable={view.webhookSecret.storedByTenant} onRemove={() => removeWh()} pending={whPending} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : `Save ${mode} keys`}
        </Button>
        {state.fieldErrors ? null : <ActionResult result={secretsCleared && state.error ? { ...state, error: `${state.error} ${SECRETS_CLEARED_NOTE}` } : state} />}
        {removal ? <ActionResult result={removal} /> : null}
      </div>
    </form>
  );
}
