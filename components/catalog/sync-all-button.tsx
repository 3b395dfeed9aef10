"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

/** Re-syncs each pending/failed product in turn so the admin sees progress ("2 of 5"). */
export function SyncAllButton({ slug, productIds, sync }: { slug: string; productIds: string[]; sync: (input: { slug: string; productId: string }) => Promise<ActionResult> }) {
  const router = useRouter();
  const [progress, setProgress] = useState<{ done: number; failed: number } | null>(null);
  const running = progress !== null && progress.done < productIds.length;
  async function run() {
    let failed = 0;
    setProgress({ done: 0, failed: 0 });
    for (const [i, id] of productIds.entries()) {
      const result = await sync({ slug, productId: id }).catch((): ActionResult => ({ error: "failed" }));
      if (result.error) failed++;
      setProgress({ done: i + 1, failed });
    }
    router.refresh();
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant="secondary" onClick={run} disabled={running || productIds.length === 0}>
        {running ? `Syncing ${progress.done + 1} of ${productIds.length}…` : "Sync all"}
      </Button>
      <p role="status" className="text-sm text-slate-600">
        {progress && !running
          ? progress.failed > 0
            ? `Done: ${progress.failed} of ${productIds.length} still failing.`
            : `Done: ${productIds.length} synced.`
          : productIds.length === 0
            ? "Everything is synced."
            : `${productIds.length} product${productIds.length === 1 ? " needs" : "s need"} syncing.`}
      </p>
    </div>
  );
}
