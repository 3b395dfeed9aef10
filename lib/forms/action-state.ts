import type { z } from "zod";

/** What every form action in the catalog/members area returns to `useActionState`. */
export type ActionState = { ok?: boolean; message?: string; error?: string; secret?: string };

/** One readable sentence from zod's issues, e.g. "Amount: Enter an amount like 12.50." */
export function zodMessage(error: z.ZodError, labels: Record<string, string> = {}): string {
  return error.issues
    .map((i) => {
      const key = String(i.path[0] ?? "");
      return labels[key] ? `${labels[key]}: ${i.message}` : i.message;
    })
    .join(" ");
}
