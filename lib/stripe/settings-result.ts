import type { FieldErrors } from "./validate-keys";

/** What every Stripe settings operation returns to its caller (server action state). Never holds a secret. */
export type SettingsResult = {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: FieldErrors;
  /** Create webhook endpoint: one already exists for the URL; the admin may replace it. */
  existingEndpointId?: string;
};

export type Actor = { tenantId: string; actorUserId: string | null; requestId?: string | null };
