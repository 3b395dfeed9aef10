import { z } from "zod";

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

/** An error meant for the API client: its message is safe to show. Anything else becomes a generic 500. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Seconds, for a 429: sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Answers about a signed-in caller are for that caller only: no shared or browser cache keeps them. */
export const PRIVATE_NO_STORE = "private, no-store";

export type ErrorBody = { error: { code: ErrorCode; message: string; field?: string; request_id?: string } };

export function errorResponse(error: ApiError, requestId?: string): Response {
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(requestId ? { request_id: requestId } : {}) },
  };
  const headers: Record<string, string> = { "cache-control": PRIVATE_NO_STORE };
  if (requestId) headers["x-request-id"] = requestId;
  if (error.retryAfterSeconds) headers["retry-after"] = String(error.retryAfterSeconds);
  return Response.json(body, { status: error.status, headers });
}

/** zod's first issue as a 422 naming the field. */
export function fromZodError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  return new ApiError("validation_failed", issue ? `${field ? `${field}: ` : ""}${issue.message}` : "Invalid input.", field);
}
