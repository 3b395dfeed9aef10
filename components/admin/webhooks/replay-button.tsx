"use client";

import { useActionState } from "react";
import { replayEventAction } from "@/lib/webhooks/replay-actions";
import type { ActionResult } from "@/lib/actions/action-result";
import { Button } from "@/components/ui/button";

export function ReplayButton({ slug, eventRowId, eventId }: { slug: string; eventRowId: string; eventId: string }) {
  const [state, action, pending] = useActionState<ActionResult>(replayEventAction.bind(null, { slug, eventRowId }), {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Replay ${eventId}`}>
        {pending ? "Replaying…" : "Replay"}
      </Button>
      <p role="status" aria-live="polite" className="text-sm text-red-700">
        {state.error ?? ""}
      </p>
    </form>
  );
}
