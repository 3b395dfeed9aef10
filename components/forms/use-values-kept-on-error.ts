"use client";

import { startTransition, useEffect, useRef, useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/actions/action-result";

/**
 * React resets a form's uncontrolled fields after every form action, refused or not, so a
 * validation error used to wipe what the person typed. Submitting through `onSubmit` (the form's
 * data dispatched in a transition) skips that reset: the form is reset only after a success. On a
 * refusal the typed values stay, except passwords and keys, which are emptied (`secretsCleared`
 * then says so, for a note asking to type them again; a controlled password field that the form
 * keeps itself is marked `data-kept-on-error`). `action` stays on the form, so it still
 * submits before hydration.
 */
export function useValuesKeptOnError<T>(dispatch: (data: FormData) => void, state: ActionResult<T>) {
  const ref = useRef<HTMLFormElement>(null);
  const submitted = useRef(false);
  const [secretsCleared, setSecretsCleared] = useState(false);

  useEffect(() => {
    const form = ref.current;
    if (!submitted.current || !form) return;
    submitted.current = false;
    if (!state.error) return form.reset();
    let cleared = false;
    for (const input of form.querySelectorAll<HTMLInputElement>("input[type=password]:not([data-kept-on-error])")) {
      cleared ||= input.value !== "";
      input.value = "";
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- follows the DOM fields just emptied
    setSecretsCleared(cleared);
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submitted.current = true;
    setSecretsCleared(false);
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(data));
  }

  return { ref, onSubmit, secretsCleared };
}

