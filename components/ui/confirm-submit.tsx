"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";

export type Confirmation = {
  /** The question, e.g. "Refund $25.00 to Ada?" */
  title: string;
  /** What will happen, in plain words; a function reads the form (e.g. the amount typed) when the dialog opens. */
  body: ReactNode | ((form: HTMLFormElement) => ReactNode);
  /** The button that does it, e.g. "Yes, refund". */
  confirmLabel: string;
};

/**
 * The submit button of a form whose action moves money or cannot be undone. It opens a modal
 * dialog (native <dialog>: focus moves in, Escape closes) that says what will happen; only its
 * confirm button submits the form. Cancel leaves everything as it was.
 */
export function ConfirmSubmit({
  label,
  pendingLabel,
  pending,
  variant = "danger",
  confirm,
  onConfirm,
  className,
  accessibleLabel,
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  variant?: ButtonVariant;
  confirm: Confirmation;
  /** Instead of submitting the enclosing form, run this (e.g. an action of its own). */
  onConfirm?: () => void;
  className?: string;
  /** When the visible label is ambiguous in a list ("Revoke"), what a screen reader hears ("Revoke Reporting export"). */
  accessibleLabel?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const [body, setBody] = useState<ReactNode>(null);
  const titleId = useId();
  const bodyId = useId();

  function open() {
    const form = trigger.current?.form;
    if (form && !form.reportValidity()) return;
    setBody(typeof confirm.body === "function" ? (form ? confirm.body(form) : null) : confirm.body);
    dialog.current?.showModal();
  }

  return (
    <>
      <Button ref={trigger} type="button" variant={variant} className={className} disabled={pending} aria-disabled={pending} aria-haspopup="dialog" aria-label={accessibleLabel} onClick={open}>
        {pending ? pendingLabel : label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl bg-white p-0 text-left shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {confirm.title}
          </h2>
          <div id={bodyId} className="text-sm text-slate-700">
            {body}
          </div>
          <div className="flex flex-wrap justify-end gap-2 pt-2">
            <Button type="button" variant="secondary" autoFocus onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button
              type={onConfirm ? "button" : "submit"}
              variant={variant === "secondary" ? "danger" : variant}
              onClick={() => {
                dialog.current?.close();
                onConfirm?.();
              }}
            >
              {confirm.confirmLabel}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
