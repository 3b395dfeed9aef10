"use client";

import { useActionState, useState } from "react";
import { revokeKeyAction } from "@/lib/api-keys/actions";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/forms/action-state";

/** Revoke behind a confirmation: a revoked key stops working at once and cannot be restored. */
export function RevokeApiKey({ slug, keyId, name }: { slug: string; keyId: string; name: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(revokeKeyAction, {});
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button type="button" variant="secondary" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="keyId" value={keyId} />
      <span className="text-sm text-slate-700">Revoke this key? Apps using it stop working.</span>
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Revoking…" : "Yes, revoke"}
      </Button>
      <Button type="button" variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
        Cancel
      </Button>
      {state.error ? <p role="alert" className="w-full text-sm text-red-700">{state.error}</p> : null}
    </form>
  );
}
