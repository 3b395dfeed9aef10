/**
 * The one error a service throws when a request cannot be done as asked. Its message is written
 * for the person (or API client) who asked and is safe to show; `field` names the input it is
 * about. `withTenant` (lib/api/handler.ts) answers it as `{ error: { code, message } }` with the
 * code's HTTP status; `defineAction` (lib/actions/define-action.ts) returns it as a form's
 * `ActionResult`. Anything else thrown is a bug: logged, and shown only as a generic message.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden: 403,
  tenant_suspended: 403,
  not_found: 404,
  conflict: 409,
  stripe_not_configured: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  stripe_error: 502,
  unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Seconds, for a 429: sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
  /** The HTTP status an API client gets for this error. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
