import { env } from "@/lib/env";

/** An absolute link into the portal for a mail (`/acme/billing/history` → APP_URL + path). */
export function portalUrl(path: string): string {
  return new URL(path, env().APP_URL).toString();
}
