"use client";

import { useActionState, useState } from "react";
import type { Role } from "@/db/schema";
import { ActionForm } from "@/components/forms/action-form";
import { SelectField } from "@/components/forms/fields";
import { Button } from "@/components/ui/button";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { ActionState } from "@/lib/forms/action-state";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** Role change, and removal behind a confirmation (it signs the person out everywhere). */
export function MembershipControls({ name, role, isSelf, changeRole, remove }: { name: string; role: Role; isSelf: boolean; changeRole: Action; remove: Action }) {
  const [state, removeAction, pending] = useActionState<ActionState, FormData>(remove, {});
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="space-y-5">
      <ActionForm action={changeRole} submitLabel="Save role" pendingLabel="Saving…" className="space-y-3">
        <SelectField label="Role" name="role" defaultValue={role}>
          {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </SelectField>
        {isSelf ? <p className="text-xs text-slate-500">This is you: making yourself a member takes your admin pages away.</p> : null}
      </ActionForm>
      <div className="border-t border-slate-100 pt-4">
        {!confirming ? (
          <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
            Remove from portal…
          </Button>
        ) : (
          <form action={removeAction} className="space-y-3">
            <p className="text-sm text-slate-700">
              Remove <strong>{name}</strong>? They lose access at once and are signed out on every device; API keys they made stop working.
              Their payments and history stay.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" variant="danger" disabled={pending}>
                {pending ? "Removing…" : "Yes, remove"}
              </Button>
              <Button type="button" variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
                Cancel
              </Button>
            </div>
            {state.error ? (
              <p role="alert" className="text-sm text-red-700">
                {state.error}
              </p>
            ) : null}
          </form>
        )}
      </div>
    </div>
  );
}
