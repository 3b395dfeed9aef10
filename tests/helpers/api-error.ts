import { expect } from "vitest";
import { ApiError } from "@/lib/api/errors";

/** Awaits a service call that must fail with an ApiError, and returns it for status/message checks. */
export async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}
