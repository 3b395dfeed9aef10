/**
 * The client's address as the nearest proxy reports it. Behind a load balancer the first
 * X-Forwarded-For entry is the client; without one we fall back to a constant so the rate limit
 * still applies per e-mail.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "local";
}
