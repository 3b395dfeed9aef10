"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A read-only link with a copy button that says when it worked (or how to copy by hand). */
export function CopyLink({ value, label }: { value: string; label: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  }
  return (
    <div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          readOnly
          value={value}
          aria-label={label}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button type="button" variant="secondary" onClick={copy}>
          {status === "copied" ? "Copied" : "Copy link"}
        </Button>
      </div>
      <p role="status" className="mt-1 text-xs text-slate-500">
        {status === "copied" ? "Link copied to the clipboard." : status === "failed" ? "Could not copy: select the link and copy it by hand." : ""}
      </p>
    </div>
  );
}
