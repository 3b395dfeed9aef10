"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import type { PromotionPreview } from "@/lib/promotions/actions";

type State = { promotion: PromotionPreview | null; setPromotion: (p: PromotionPreview | null) => void };

const PromotionContext = createContext<State | null>(null);

/**
 * The promotion code applied on the subscribe page, shared by the payment panel (where it is typed)
 * and the order summary (which then shows the discount and what is due today).
 */
export function PromotionProvider({ children }: { children: ReactNode }) {
  const [promotion, setPromotion] = useState<PromotionPreview | null>(null);
  return <PromotionContext.Provider value={{ promotion, setPromotion }}>{children}</PromotionContext.Provider>;
}

/** The shared promotion inside a PromotionProvider, else a state of the caller's own. */
export function usePromotion(): [PromotionPreview | null, (p: PromotionPreview | null) => void] {
  const shared = useContext(PromotionContext);
  const [own, setOwn] = useState<PromotionPreview | null>(null);
  return shared ? [shared.promotion, shared.setPromotion] : [own, setOwn];
}
