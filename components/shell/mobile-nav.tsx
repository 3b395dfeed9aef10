"use client";

import { useEffect, useId, useRef, useState } from "react";
import { NavLinks, type NavGroup } from "./nav-links";

/**
 * The phone navigation (below lg): a "Menu" disclosure button that opens the same grouped links as
 * the desktop sidebar. Escape closes it and puts focus back on the button, so a keyboard user never
 * loses their place; following a link closes it too.
 */
export function MobileNav({ groups }: { groups: NavGroup[] }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    // A tap outside the open menu closes it, as people expect of a dropdown on a phone.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, [open]);

  return (
    <div className="lg:hidden">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex min-h-10 items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
      >
        <span aria-hidden className="text-base leading-none">{open ? "✕" : "☰"}</span>
        Menu
      </button>
      <div
        ref={panelRef}
        id={panelId}
        hidden={!open}
        className="absolute inset-x-0 top-full z-30 max-h-[calc(100vh-4rem)] overflow-y-auto border-b border-slate-200 bg-white px-3 pb-4 shadow-lg"
      >
        {/* Rendered when opened: the closed menu would otherwise repeat every sidebar link in each page's HTML. */}
        {open ? (
          <nav aria-label="Portal">
            {groups.map((g) => (
              <NavLinks key={g.heading} group={g} onNavigate={() => setOpen(false)} />
            ))}
          </nav>
        ) : null}
      </div>
    </div>
  );
}
