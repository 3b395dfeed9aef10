"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult, ServerAction } from "@/lib/actions/action-result";

export type UndoData = { undoToken: string };

/**
 * The unsubscribe button, and after it "Undo": a mistaken click (or a mail scanner's) is one click
 * away from being reversed, with the signed undo token the unsubscribe handed back.
 */
export function UnsubscribeWithUndo({
  unsubscribe,
  undo,
  label,
}: {
  unsubscribe: (prev: ActionResult<UndoData>, form: FormData) => Promise<ActionResult<UndoData>>;
  undo: ServerAction<{ token: string }, undefined>;
  label: string;
}) {
  const [state, formAction, pending] = useActionState<ActionResult<UndoData>, FormData>(unsubscribe, {});
  const undoToken = state.ok ? state.data?.undoToken : undefined;
  return (
    <>
      <form action={formAction} data-testid="unsubscribe-form">
        <div className="flex flex-wrap items-center gap-3">
          {undoToken ? null : (
            <Button type="submit" disabled={pending} aria-disabled={pending}>
              {pending ? "Unsubscribing…" : `Unsubscribe from ${label}`}
            </Button>
          )}
          {state.error ? (
            <p role="alert" className="text-sm text-red-700">
              {state.error}
            </p>
          ) : state.message ? (
            <p role="status" className="text-sm text-emerald-700">
              {state.message}
            </p>
          ) : null}
        </div>
      </form>
      {undoToken ? (
        <ActionForm action={undo.bind(null, { token: undoToken })} submitLabel="Undo" pendingLabel="Turning back on…" variant="secondary" className="mt-4" testId="unsubscribe-undo-form" />
      ) : null}
    </>
  );
}
