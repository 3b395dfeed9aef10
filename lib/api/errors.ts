import { z } from "zod";
import { DomainError, type ErrorCode } from "@/lib/errors/domain-error";

/** Answers about a signed-in caller are for that caller only: no shared or browser cache keeps them. */
export const PRIVATE_NO_STORE = "private, no-store";

export type ErrorBody = { error: { code: ErrorCode; message: string; field?: string; request_id?: string } };

export function errorResponse(error: DomainError, requestId?: string): Response {
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(requestId ? { request_id: requestId } : {}) },
  };
  const headers: Record<string, string> = { "cache-control": PRIVATE_NO_STORE };
  if (requestId) headers["x-request-id"] = requestId;
  if (error.retryAfterSeconds) headers["retry-after"] = String(error.retryAfterSeconds);
  return Response.json(body, { status: error.status, headers });
}

/** zod's first issue as a 422 naming the field. */
export function fromZodError(error: z.ZodError): DomainError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  return new DomainError("validation_failed", issue ? `${field ? `${field}: ` : ""}${issue.message}` : "Invalid input.", field);
}
