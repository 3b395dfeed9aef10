"use client";

import { useActionState, useRef } from "react";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import { disputeEvidenceAction, type EvidenceFormData } from "@/lib/disputes/dispute-actions";
import { EVIDENCE_FORM } from "@/lib/disputes/evidence-fields";
import { EVIDENCE_FILE_FORM } from "@/lib/disputes/evidence-files";
import { EvidenceField } from "./evidence-field";
import { EvidenceFileField } from "./evidence-file-field";

/**
 * The evidence form of an open dispute. "Save" stages the evidence in Stripe (it can still change);
 * "Submit evidence" sends it to the card network, which cannot be undone, so it asks first.
 */
export function EvidenceForm({ slug, disputeId, initial, amountLabel, token }: { slug: string; disputeId: string; initial: Record<string, string>; amountLabel: string; token: string }) {
  const [state, action, pending] = useActionState<ActionResult<EvidenceFormData>, FormData>(disputeEvidenceAction.bind(null, { slug, disputeId }), {});
  const form = useRef<HTMLFormElement>(null);
  const intent = useRef<HTMLInputElement>(null);
  // Submitted: Stripe no longer takes evidence, so the form gives way to the confirmation (the page
  // shows the dispute's new status as soon as Stripe's webhook reports it).
  if (state.data?.submitted) {
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-emerald-200">
        {state.message}
      </p>
    );
  }
  return (
    <form ref={form} action={action} className="space-y-4" aria-label="Dispute evidence">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="disputeId" value={disputeId} />
      <input type="hidden" name="token" value={token} />
      <input ref={intent} type="hidden" name="intent" defaultValue="save" />
      {EVIDENCE_FORM.map((f) => (
        <EvidenceField key={f.field} name={f.field} label={f.label} hint={f.hint} multiline={f.multiline} maxLength={f.maxLength} defaultValue={state.data?.values?.[f.field] ?? initial[f.field] ?? ""} error={state.fieldErrors?.[f.field]} disabled={pending} />
      ))}
      <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-800">Documents (PDF, JPEG or PNG, 4.5 MB in total)</legend>
        {EVIDENCE_FILE_FORM.map((f) => (
          <EvidenceFileField key={f.field} name={f.field} label={f.label} hint={f.hint} attached={initial[f.field]} error={state.fieldErrors?.[f.field]} disabled={pending} />
        ))}
      </fieldset>
      <FormError message={state.error} />
      {state.ok && state.message ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-emerald-200">
          {state.message}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <ConfirmSubmit
          label="Submit evidence"
          pendingLabel="Sending…"
          pending={pending}
          variant="primary"
          confirm={{
            title: "Submit this evidence to the bank?",
            body: `Stripe sends it to the cardholder's bank, which decides whether you keep ${amountLabel}. Once submitted, evidence cannot be changed or added to.`,
            confirmLabel: "Yes, submit evidence",
          }}
          onConfirm={() => {
            if (intent.current) intent.current.value = "submit";
            form.current?.requestSubmit();
          }}
        />
        <Button
          type="submit"
          variant="secondary"
          disabled={pending}
          onClick={() => {
            if (intent.current) intent.current.value = "save";
          }}
        >
          Save without submitting
        </Button>
      </div>
    </form>
  );
}
