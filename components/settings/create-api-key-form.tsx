"use client";

import { useActionState } from "react";
import { createKeyAction, type NewApiKey } from "@/lib/api-keys/actions";
import type { ActionResult } from "@/lib/actions/action-result";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { CopyButton } from "./copy-button";

/** Name + role; on success the full key is shown once with a copy button, then never again. */
export function CreateApiKeyForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState<ActionResult<NewApiKey>, FormData>(createKeyAction.bind(null, { slug }), {});
  return (
    <div className="space-y-4">
      <form action={action} className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-end">
        <TextField label="Name" name="name" required maxLength={80} placeholder="e.g. Website integration" error={state.fieldErrors?.name} />
        <div>
          <label htmlFor="api-key-role" className="block text-sm font-medium text-slate-800">
            Role
          </label>
          <select
            id="api-key-role"
            name="role"
            defaultValue="ROLE_MEMBER"
            aria-describedby={state.fieldErrors?.role ? "api-key-role-error" : undefined}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
          >
            <option value="ROLE_MEMBER">Member</option>
            <option value="ROLE_CLIENT_ADMIN">Admin</option>
          </select>
          {state.fieldErrors?.role ? <p id="api-key-role-error" className="mt-1 text-sm text-red-700">{state.fieldErrors.role}</p> : null}
        </div>
        <Button type="submit" disabled={pending} className="sm:mb-px">
          {pending ? "Creating…" : "Create key"}
        </Button>
      </form>
      {state.error && !state.fieldErrors ? <p role="alert" className="text-sm text-red-700">{state.error}</p> : null}
      {state.data ? <NewKey token={state.data.token} message={state.message} /> : null}
    </div>
  );
}

function NewKey({ token, message }: { token: string; message?: string }) {
  return (
    <div role="status" className="rounded-md bg-amber-50 p-4 text-sm ring-1 ring-amber-200">
      <p className="font-medium text-amber-900">{message} Copy it now — it is shown only this once.</p>
      <p className="mt-1 text-amber-900">We store only a hash. If you lose it, revoke it and create a new one.</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <input
          id="new-api-key"
          readOnly
          value={token}
          aria-label="New API key"
          className="min-w-0 flex-1 rounded border border-amber-300 bg-white px-2 py-1.5 font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton value={token} label="Copy key" targetId="new-api-key" />
      </div>
    </div>
  );
}
