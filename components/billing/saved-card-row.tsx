"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { makeDefaultCard, removeSavedCard } from "@/lib/payment-methods/actions";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

type Props = { slug: string; card: { id: string; label: string; isDefault: boolean }; defaultUnknown: boolean };

/** One saved card: default badge, "Set as default", "Remove" behind a confirmation. */
export function SavedCardRow({ slug, card, defaultUnknown }: Props) {
  const [defaultState, setDefault, settingDefault] = useActionState<ActionResult, FormData>(makeDefaultCard.bind(null, { slug, paymentMethodId: card.id }), {});
  const [removeState, remove, removing] = useActionState<ActionResult, FormData>(removeSavedCard.bind(null, { slug, paymentMethodId: card.id }), {});
  const [confirming, setConfirming] = useState(false);
  useRefreshWhile(!!removeState.ok);
  const message = removeState.error ?? defaultState.error;
  return (
    <li className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="saved-card">
      <div className="min-w-0">
        <p className="font-medium text-slate-900">
          {card.label}
          {card.isDefault ? <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-700 ring-1 ring-brand-100">Default</span> : null}
        </p>
        {message ? <p role="alert" className="mt-1 text-sm text-red-700">{message}</p> : null}
        {removeState.ok ? <p role="status" className="mt-1 text-sm text-slate-600">{removeState.message}</p> : null}
      </div>
      {removeState.ok ? null : confirming ? (
        <form action={remove} className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-700">Remove this card?</span>
          <Button type="submit" variant="danger" disabled={removing}>
            {removing ? "Removing…" : "Yes, remove"}
          </Button>
          <Button type="button" variant="secondary" onClick={() => setConfirming(false)} disabled={removing}>
            Keep it
          </Button>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          {card.isDefault || defaultUnknown ? null : (
            <form action={setDefault}>
              <Button type="submit" variant="secondary" disabled={settingDefault}>
                {settingDefault ? "Setting…" : "Set as default"}
              </Button>
            </form>
          )}
          <Button type="button" variant="secondary" onClick={() => setConfirming(true)} aria-label={`Remove ${card.label}`}>
            Remove
          </Button>
        </div>
      )}
    </li>
  );
}

/** The list follows Stripe's webhooks: re-read the page for a while after a change was sent. */
function useRefreshWhile(active: boolean) {
  const router = useRouter();
  const [tries, setTries] = useState(0);
  useEffect(() => {
    if (!active || tries >= 15) return;
    const t = setTimeout(() => {
      router.refresh();
      setTries((n) => n + 1);
    }, 1500);
    return () => clearTimeout(t);
  }, [active, tries, router]);
}
