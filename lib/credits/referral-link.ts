import { env } from "@/lib/env";

/** The public sign-up link that carries a member's code. */
export function referralLink(tenantSlug: string, code: string): string {
  return new URL(`/${tenantSlug}/join?ref=${encodeURIComponent(code)}`, env().APP_URL).toString();
}
