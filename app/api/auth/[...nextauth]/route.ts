import type { NextRequest } from "next/server";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { errorResponse } from "@/lib/api/errors";
import { handlers } from "@/lib/auth";
import { signInRetryAfter } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/http/client-address";

export const { GET } = handlers;

/**
 * Auth.js's own endpoints. A throttled credentials sign-in is answered 429 with Retry-After (Auth.js
 * itself would redirect to the sign-in page with `code=rate_limited`), so scripts see the limit.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const form = request.nextUrl.pathname.endsWith("/callback/credentials") ? request.clone().formData().catch(() => null) : null;
  const response = await handlers.POST(request);
  const location = response.headers.get("location") ?? "";
  if (!form || !/[?&]code=rate_limited(&|$)/.test(location)) return response;
  const email = String((await form)?.get("email") ?? "");
  const wait = await signInRetryAfter(await getDb(), { email, address: clientAddress(request.headers) });
  return errorResponse(new DomainError("rate_limited", "Too many failed sign-in attempts. Try again later.", undefined, Math.max(1, wait)));
}
