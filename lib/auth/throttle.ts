import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { countAttempt, secondsUntilUnlocked, settleSuccess, type ThrottleKey } from "@/db/queries/auth-throttles";
import { UNKNOWN_ADDRESS } from "@/lib/http/client-address";

/**
 * The throttles that guard sign-in, sign-up and API keys, kept in the database so every app
 * instance shares them. Each rule allows `threshold` failures within `windowSeconds` of the last
 * one, then backs off exponentially (30 s, 1 min, 2 min … 15 min; db/queries/auth-throttles.ts).
 *
 * Sign-in counts per e-mail whatever the address (rotating addresses does not help a guesser) and
 * per address across e-mails (one address cannot walk through many accounts). Keys are hashes, and
 * an unknown e-mail is counted exactly like a known one, so the throttle reveals no accounts.
 */
const RULES = {
  signInEmail: { threshold: 5, windowSeconds: 60 * 60 },
  signInAddress: { threshold: 20, windowSeconds: 60 * 60 },
  join: { threshold: 10, windowSeconds: 60 * 60 },
  // Starting an organisation creates a tenant: fewer per address than joining one.
  startOrganisation: { threshold: 5, windowSeconds: 60 * 60 },
  apiKeyAddress: { threshold: 20, windowSeconds: 60 * 60 },
  // Each reset request sends a mail: a few per e-mail an hour is plenty for a person, and keeps
  // the form from being used to flood someone's inbox.
  resetEmail: { threshold: 3, windowSeconds: 60 * 60 },
  resetAddress: { threshold: 10, windowSeconds: 60 * 60 },
  // "Resend verification link", per signed-in user: each click sends a mail.
  verifyResend: { threshold: 3, windowSeconds: 60 * 60 },
} as const satisfies Record<string, Omit<ThrottleKey, "key">>;

type Rule = keyof typeof RULES;

export const SIGN_IN_MAX_FAILURES = RULES.signInEmail.threshold;

function keyOf(rule: Rule, value: string): ThrottleKey {
  return { key: `${rule}:${createHash("sha256").update(value).digest("hex")}`, ...RULES[rule] };
}

/** An address we could not determine is nobody's: it is not throttled (the per-e-mail rule still is). */
function addressKey(rule: Rule, address: string): ThrottleKey[] {
  return address === UNKNOWN_ADDRESS ? [] : [keyOf(rule, address)];
}

export type Gate = { allowed: true; keys: ThrottleKey[] } | { allowed: false; retryAfterSeconds: number };

async function gate(db: Db, keys: ThrottleKey[]): Promise<Gate> {
  if (keys.length === 0) return { allowed: true, keys };
  const counted = await countAttempt(db, keys);
  // Counters idle for a day are deleted by the scheduled prune job (lib/jobs/prune.ts).
  if (counted.size === keys.length) return { allowed: true, keys };
  const locked = keys.filter((k) => !counted.has(k.key)).map((k) => k.key);
  return { allowed: false, retryAfterSeconds: Math.max(1, await secondsUntilUnlocked(db, locked)) };
}

/** Before checking a password: counts the attempt for the e-mail and the client address. */
export function gateSignIn(db: Db, { email, address }: { email: string; address: string }): Promise<Gate> {
  return gate(db, [keyOf("signInEmail", email.trim().toLowerCase()), ...addressKey("signInAddress", address)]);
}

/** How long a throttled sign-in must wait (for a Retry-After header); 0 when it need not. */
export function signInRetryAfter(db: Db, { email, address }: { email: string; address: string }): Promise<number> {
  return secondsUntilUnlocked(db, [keyOf("signInEmail", email.trim().toLowerCase()), ...addressKey("signInAddress", address)].map((k) => k.key));
}

/** The right password: the e-mail's counter starts over; the address gets this attempt back. */
export async function signInSucceeded(db: Db, keys: ThrottleKey[]) {
  await settleSuccess(db, {
    reset: keys.filter((k) => k.key.startsWith("signInEmail:")).map((k) => k.key),
    giveBack: keys.filter((k) => k.key.startsWith("signInAddress:")).map((k) => k.key),
  });
}

/** Every reset request counts, per e-mail (known or not, so it reveals no accounts) and per address. */
export function gatePasswordReset(db: Db, { email, address }: { email: string; address: string }): Promise<Gate> {
  return gate(db, [keyOf("resetEmail", email.trim().toLowerCase()), ...addressKey("resetAddress", address)]);
}

/** Every "resend verification link" counts against the signed-in user, whatever the outcome. */
export function gateVerifyResend(db: Db, { userId }: { userId: string }): Promise<Gate> {
  return gate(db, [keyOf("verifyResend", userId)]);
}

/** Every sign-up attempt counts against its address, successful or not. */
export function gateJoin(db: Db, { address }: { address: string }): Promise<Gate> {
  return gate(db, addressKey("join", address));
}

/** Every attempt to start an organisation counts against its address, successful or not. */
export function gateStartOrganisation(db: Db, { address }: { address: string }): Promise<Gate> {
  return gate(db, addressKey("startOrganisation", address));
}

/**
 * A Bearer token that matched no key. Counted after the fact (a valid key costs nothing extra);
 * once the address is locked its failures answer 429 instead of 401.
 */
export async function apiKeyFailed(db: Db, { address }: { address: string }): Promise<Gate> {
  return gate(db, addressKey("apiKeyAddress", address));
}

/** "2 minutes", "40 seconds": how long a throttled user waits, for messages. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
