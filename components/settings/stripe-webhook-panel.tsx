"use client";

import { useActionState } from "react";
import { createWebhookEndpointAction, type ExistingEndpoint } from "@/lib/stripe-connection/actions";
import { Button } from "@/components/ui/button";
import type { ActionResult as Result } from "@/lib/actions/action-result";
import type { StripeModeView } from "@/lib/stripe-connection/settings-view";
import { ActionResult } from "./action-result";
import { CopyButton } from "./copy-button";

/** The URL to register, and one click to register it (or replace the endpoint already there). */
export function StripeWebhookPanel({ slug, view }: { slug: string; view: StripeModeView }) {
  const [state, action, pending] = useActionState<Result<ExistingEndpoint>, FormData>(createWebhookEndpointAction.bind(null, { slug, mode: view.mode }), {});
  const inputId = `webhook-url-${view.mode}`;
  const configured = view.badge !== "not_configured";
  return (
    <div className="space-y-4">
      <div>
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
          Webhook URL for {view.mode} mode
        </label>
        <div className="mt-1 flex gap-2">
          <input id={inputId} readOnly value={view.webhookUrl} className="block min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800" />
          <CopyButton value={view.webhookUrl} targetId={inputId} />
        </div>
      </div>
      <p className="text-sm text-slate-700">
        Endpoint:{" "}
        {view.webhookEndpointId ? (
          <code data-testid="webhook-endpoint-id" className="font-mono text-xs">
            {view.webhookEndpointId}
          </code>
        ) : (
          <span className="text-slate-500">not created yet</span>
        )}
      </p>
      <form action={action} className="flex flex-wrap items-center gap-3">
        {state.data?.existingEndpointId ? (
          <>
            <input type="hidden" name="replace" value="1" />
            <p role="alert" className="w-full text-sm text-amber-900">
              {state.error}
            </p>
            <Button type="submit" variant="danger" disabled={pending} aria-busy={pending}>
              {pending ? "Replacing…" : "Replace endpoint"}
            </Button>
          </>
        ) : (
          <>
            <Button type="submit" variant="secondary" disabled={pending || !configured} aria-busy={pending}>
              {pending ? "Creating…" : view.webhookEndpointId ? "Recreate webhook endpoint" : "Create webhook endpoint"}
            </Button>
            <ActionResult result={state} />
          </>
        )}
      </form>
    </div>
  );
}
