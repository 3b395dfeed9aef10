"use client";

import { useActionState } from "react";
import type { Role } from "@/lib/domain-types";
import { ActionForm } from "@/components/forms/action-form";
import { SelectField } from "@/components/forms/fields";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { ActionResult } from "@/lib/actions/action-result";

type Action = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

/** Role change, and removal behind a confirmation (it signs the person out everywhere). */
export function MembershipControls({ name, role, isSelf, changeRole, remove }: { name: string; role: Role; isSelf: boolean; changeRole: Action; remove: Action }) {
  const [state, removeAction, pending] = useActionState<ActionResult, FormData>(remove, {});
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
      <form action={removeAction} className="space-y-2 border-t border-slate-100 pt-4">
        <ConfirmSubmit
          label="Remove from portal…"
          pendingLabel="Removing…"
          pending={pending}
          variant="secondary"
          confirm={{
            title: `Remove ${name} from this portal?`,
            body: "They lose access at once and are signed out on every device; API keys they made stop working. Their payments and history stay.",
            confirmLabel: "Yes, remove",
          }}
        />
        {state.error ? (
          <p role="alert" className="text-sm text-red-700">
            {state.error}
          </p>
        ) : null}
      </form>
    </div>
  );
}
