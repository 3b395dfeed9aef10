"use client";

import { useActionState, type ReactNode } from "react";
import { oneTimeLinkOf, type ActionResult } from "@/lib/actions/action-result";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { ConfirmSubmit, type Confirmation } from "@/components/ui/confirm-submit";
import { useValuesKeptOnError } from "./use-values-kept-on-error";

/**
 * A form bound to a server action (any `defineAction`, bound to its fixed inputs): pending state on
 * the button, the outcome announced below; what was typed stays after a refusal (passwords excepted,
 * with a note). A one-time link in `data` is shown once in a copyable box. With `confirm`, the button first asks
 * (money moves or something cannot be undone).
 */
export function ActionForm<T>({
  action,
  submitLabel,
  pendingLabel,
  variant = "primary",
  children,
  className = "",
  testId,
  confirm,
}: {
  action: (prev: ActionResult<T>, form: FormData) => Promise<ActionResult<T>>;
  submitLabel: string;
  pendingLabel: string;
  variant?: ButtonVariant;
  children?: ReactNode;
  className?: string;
  testId?: string;
  confirm?: Confirmation;
}) {
  const [state, formAction, pending] = useActionState<ActionResult<T>, FormData>(action, {});
  const { ref, onSubmit, secretsCleared } = useValuesKeptOnError(formAction, state);
  const oneTimeLink = oneTimeLinkOf(state.data);
  return (
    <form ref={ref} action={formAction} onSubmit={onSubmit} className={className} data-testid={testId}>
      {children}
      <div className="flex flex-wrap items-center gap-3">
        {confirm ? (
          <ConfirmSubmit label={submitLabel} pendingLabel={pendingLabel} pending={pending} variant={variant} confirm={confirm} />
        ) : (
          <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending}>
            {pending ? pendingLabel : submitLabel}
          </Button>
        )}
        {state.error ? (
          <p role="alert" className="text-sm text-red-700">
            {state.error}
            {secretsCleared ? " Type the password again: it is not kept after an error." : null}
          </p>
        ) : state.message ? (
          <p role="status" className="text-sm text-emerald-700">
            {state.message}
          </p>
        ) : null}
      </div>
      {oneTimeLink ? (
        <div className="mt-3 rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-200">
          <p className="font-medium text-amber-900">Copy this link now — it is shown only once and works once.</p>
          <input readOnly value={oneTimeLink} aria-label="One-time sign-in link" className="mt-2 w-full rounded border border-amber-300 bg-white px-2 py-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
    </form>
  );
}
