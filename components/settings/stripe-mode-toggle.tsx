"use client";

import { useActionState } from "react";
import { switchModeAction, type ExistingEndpoint } from "@/lib/stripe-connection/actions";
import type { ActionResult as Result } from "@/lib/actions/action-result";
import { ActionResult } from "./action-result";

type Mode = "test" | "live";

/** Which mode members pay in. Live is refused on the server until live keys passed a connection test; the hint says so up front. */
export function StripeModeToggle({ slug, activeMode, liveReady }: { slug: string; activeMode: Mode; liveReady: boolean }) {
  const [state, action, pending] = useActionState<Result<ExistingEndpoint>, FormData>(switchModeAction.bind(null, { slug }), {});
  return (
    <form action={action} className="space-y-2">
      <fieldset>
        <legend className="sr-only">Active mode</legend>
        <div role="group" aria-label="Active mode" className="inline-flex rounded-lg bg-slate-100 p-1">
          {(["test", "live"] as const).map((mode) => {
            const active = mode === activeMode;
            return (
              <button
                key={mode}
                type="submit"
                name="mode"
                value={mode}
                aria-pressed={active}
                disabled={pending || active}
                className={`rounded-md px-4 py-1.5 text-sm font-semibold transition-colors ${active ? (mode === "live" ? "bg-emerald-600 text-white shadow-sm" : "bg-white text-slate-900 shadow-sm") : "text-slate-600 hover:text-slate-900"} disabled:cursor-default`}
              >
                {mode === "test" ? "Test" : "Live"}
              </button>
            );
          })}
        </div>
      </fieldset>
      {pending ? <p className="text-sm text-slate-500">Switching…</p> : <ActionResult result={state} />}
      {!liveReady && activeMode === "test" ? (
        <p className="text-xs text-slate-500">Live mode unlocks once live keys are saved and their connection test shows Connected.</p>
      ) : null}
    </form>
  );
}
