import "server-only";
import type { ActionResult } from "@/lib/actions/action-result";
import type { TenantActor } from "@/lib/auth/tenant-actor";

/**
 * What the Stripe settings services return: an ActionResult (several keys can be wrong at once, so
 * they answer per-field messages rather than throw one error). Never holds a secret.
 */
export type SettingsResult = ActionResult & {
  /** Create webhook endpoint: one already exists for the URL; the admin may replace it. */
  existingEndpointId?: string;
};

/** Who changes the settings: the audit log names them and the request. */
export type SettingsActor = Pick<TenantActor, "tenantId" | "userId" | "requestId">;
