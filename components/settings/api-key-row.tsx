"use client";

import { useActionState } from "react";
import { revokeKeyAction } from "@/lib/api-keys/actions";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import type { ActionResult } from "@/lib/actions/action-result";

/** Revoke behind a confirmation: a revoked key stops working at once and cannot be restored. */
export function RevokeApiKey({ slug, keyId, name }: { slug: string; keyId: string; name: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(revokeKeyAction.bind(null, { slug, keyId }), {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <ConfirmSubmit
        label="Revoke"
        pendingLabel="Revoking…"
        pending={pending}
        variant="secondary"
        accessibleLabel={`Revoke ${name}`}
        confirm={{ title: `Revoke the key “${name}”?`, body: "Apps using it stop working at once. A revoked key cannot be restored; create a new one if needed.", confirmLabel: "Yes, revoke" }}
      />
      {state.error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
