"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies a value the page already shows (never a secret). Falls back to selecting it when the clipboard is blocked. */
export function CopyButton({ value, label = "Copy", targetId }: { value: string; label?: string; targetId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      const el = targetId ? document.getElementById(targetId) : null;
      if (el instanceof HTMLInputElement) el.select();
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2500);
  }
  return (
    <Button type="button" variant="secondary" onClick={copy} aria-live="polite">
      {state === "copied" ? "Copied" : state === "failed" ? "Press Ctrl+C" : label}
    </Button>
  );
}
