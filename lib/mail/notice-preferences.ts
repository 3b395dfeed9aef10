import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { insertMail } from "@/db/queries/mail-outbox";
import { isOptedOut } from "@/db/queries/notice-preferences";
import { env } from "@/lib/env";
import { mailSubject, type MailData, type MailTemplate } from "./catalog";
import { portalUrl } from "./portal-url";

/**
 * Which member notices are optional. Everything about money owed, moved or at risk is
 * transactional and always sent: an invoice to pay, a failed payment, a payment the bank wants
 * confirmed, a refund, and account mail (invites, password resets). Reminders and copies of what
 * the portal already shows are optional: the renewal reminder and the payment receipt (the billing
 * history keeps every receipt). Each optional mail carries an unsubscribe link and header.
 */
export const OPTIONAL_NOTICES = {
  renewal_upcoming: { label: "Renewal reminders", description: "A few days before a subscription renews, with the amount." },
  payment_receipt: { label: "Payment receipts", description: "A receipt by e-mail after each payment. Your billing history always has them." },
} as const satisfies Partial<Record<MailTemplate, { label: string; description: string }>>;

export type OptionalNotice = keyof typeof OPTIONAL_NOTICES;

export function isOptionalNotice(template: string): template is OptionalNotice {
  return Object.hasOwn(OPTIONAL_NOTICES, template);
}

type UnsubscribeClaim = { tenantId: string; userId: string; notice: OptionalNotice };

/**
 * A key of its own for each kind of link, derived from AUTH_SECRET (which signs sessions): an
 * unsubscribe token cannot serve as an undo token, nor the other way round.
 */
type LinkPurpose = "unsubscribe" | "resubscribe";

function signingKey(purpose: LinkPurpose): Buffer {
  return createHmac("sha256", env().AUTH_SECRET ?? "").update(`memberpulse:${purpose}:v1`).digest();
}

function signature(payload: string, purpose: LinkPurpose): string {
  return createHmac("sha256", signingKey(purpose)).update(payload).digest("base64url");
}

function signClaim(claim: UnsubscribeClaim, purpose: LinkPurpose): string {
  const payload = Buffer.from(JSON.stringify([claim.tenantId, claim.userId, claim.notice])).toString("base64url");
  return `${payload}.${signature(payload, purpose)}`;
}

function readClaim(token: string, purpose: LinkPurpose): UnsubscribeClaim | null {
  const [payload, sig] = token.split(".");
  if (!payload || !sig) return null;
  const expected = Buffer.from(signature(payload, purpose));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [tenantId, userId, notice] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown[];
    if (typeof tenantId !== "string" || typeof userId !== "string" || typeof notice !== "string" || !isOptionalNotice(notice)) return null;
    return { tenantId, userId, notice };
  } catch {
    return null;
  }
}

/**
 * A link that turns one notice off for one member of one tenant, without signing in. It carries
 * no secret and grants nothing else, so it does not expire (mail clients and RFC 8058 expect an
 * unsubscribe link to keep working); the HMAC stops anyone from forging one for another member.
 */
export function unsubscribeToken(claim: UnsubscribeClaim): string {
  return signClaim(claim, "unsubscribe");
}

export function readUnsubscribeToken(token: string): UnsubscribeClaim | null {
  return readClaim(token, "unsubscribe");
}

/** "Undo" after unsubscribing: turns the same notice back on; handed out only by a successful unsubscribe. */
export function resubscribeToken(claim: UnsubscribeClaim): string {
  return signClaim(claim, "resubscribe");
}

export function readResubscribeToken(token: string): UnsubscribeClaim | null {
  return readClaim(token, "resubscribe");
}

export function unsubscribeUrl(claim: UnsubscribeClaim): string {
  return portalUrl(`/unsubscribe?token=${encodeURIComponent(unsubscribeToken(claim))}`);
}

/**
 * A mail to a member, in the caller's transaction (see enqueue-mail.ts). An optional notice the
 * member turned off is still written, as `skipped` with the reason, so the Mail page shows why
 * nothing went out; an optional notice that is sent gets its unsubscribe link. Answers true only
 * when a mail will be sent (the caller then nudges the relay).
 */
export async function enqueueMemberMail<T extends MailTemplate>(
  tx: Db,
  mail: { tenantId: string; userId: string; dedupeKey: string; to: string; template: T; data: Omit<MailData<T>, "unsubscribeUrl">; optedOut?: boolean },
): Promise<boolean> {
  const optional = isOptionalNotice(mail.template);
  const data = (optional ? { ...mail.data, unsubscribeUrl: unsubscribeUrl({ tenantId: mail.tenantId, userId: mail.userId, notice: mail.template as OptionalNotice }) } : mail.data) as MailData<T>;
  // `optedOut` when the caller read it already (findMemberMailTarget), in the same transaction.
  const skipped = optional && (mail.optedOut ?? (await isOptedOut(tx, { tenantId: mail.tenantId, userId: mail.userId, notice: mail.template })));
  const id = await insertMail(tx, {
    tenantId: mail.tenantId,
    dedupeKey: mail.dedupeKey,
    template: mail.template,
    toAddress: mail.to,
    subject: mailSubject(mail.template, data),
    data: data as Record<string, unknown>,
    ...(skipped ? { status: "skipped" as const, lastError: "Not sent: the member turned this notice off." } : {}),
  });
  return id !== null && !skipped;
}
