import { expect } from "vitest";
import { DomainError } from "@/lib/errors/domain-error";

/** Awaits a service call that must fail with an DomainError, and returns it for status/message checks. */
export async function apiError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}
