import type { z } from "zod";

/**
 * What every server action returns, and what every form component reads (components/forms/
 * action-form.tsx and the bespoke forms): one shape, so a component never needs to know which
 * action it was given. `{}` is the idle state `useActionState` starts from.
 */
export type ActionResult<T = undefined> = {
  /** The action did what was asked. With `error` as well: done, with a caveat (saved, not synced). */
  ok?: boolean;
  /** A success sentence, announced as a status. */
  message?: string;
  /** What went wrong and what to do, announced as an alert. Never internal detail. */
  error?: string;
  /** Per-input messages, shown next to the inputs they name. */
  fieldErrors?: FieldErrors;
  /** What the component needs next: a client secret, a preview, a one-time link. Never a stored secret. */
  data?: T;
};

export type FieldErrors = Partial<Record<string, string>>;

/**
 * A server action as components see it: `bound` is what the page (or the component) fixes with
 * `.bind(null, { slug, … })`; `useActionState` supplies the previous result and the form. Called
 * directly from a client component, it takes the whole input: `startPayment({ slug, priceId })`.
 */
export type ServerAction<B, T> = (bound: B, prev?: ActionResult<T>, form?: FormData) => Promise<ActionResult<T>>;

/**
 * For a plain `<form action={…}>` that shows no result (sign out): React passes only the form and
 * ignores what comes back, and the action reads a leading FormData as its form (`inputOf`). Same
 * function, typed as React wants it.
 */
export function asFormAction<T>(action: ServerAction<object, T>): (form: FormData) => Promise<void> {
  return action as unknown as (form: FormData) => Promise<void>;
}

/** A one-time sign-in link that `ActionForm` shows once, in a copyable box (invitations). */
export type OneTimeLink = { oneTimeLink: string };

export function oneTimeLinkOf(data: unknown): string | undefined {
  return typeof data === "object" && data !== null && "oneTimeLink" in data && typeof data.oneTimeLink === "string" ? data.oneTimeLink : undefined;
}

/**
 * One readable sentence from zod's issues, e.g. "Amount: Enter an amount like 12.50." The label is
 * looked up by the issue's top-level key, else by its innermost one (nested form sections).
 */
export function zodMessage(error: z.ZodError, labels: Record<string, string> = {}): string {
  return error.issues
    .map((i) => {
      const label = labelFor(i.path, labels);
      return label ? `${label}: ${i.message}` : i.message;
    })
    .join(" ");
}

/** The first message per input, keyed by the input's name (its innermost path key). */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = innermostKey(issue.path);
    if (key && out[key] === undefined) out[key] = issue.message;
  }
  return out;
}

function labelFor(path: readonly PropertyKey[], labels: Record<string, string>): string | undefined {
  const top = String(path[0] ?? "");
  if (labels[top]) return labels[top];
  const inner = innermostKey(path);
  return inner ? labels[inner] : undefined;
}

function innermostKey(path: readonly PropertyKey[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === "string") return path[i] as string;
  return undefined;
}
