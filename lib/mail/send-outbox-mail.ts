import type { Db } from "@/db/client";
import { countMailAttempt, getMail, markMailError, markMailSent, markMailSkipped } from "@/db/queries/mail-outbox";
import { logger } from "@/lib/log";
import { isMailTemplate, MAIL_TEMPLATES, renderMail, type MailData, type MailTemplate } from "./catalog";
import { mailTransport } from "./transport";

export type SendOutcome = "sent" | "already_done" | "skipped";

/** The SMTP error's first line: enough to act on, never the message itself. */
function smtpError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.slice(0, 300);
}

/**
 * The `mail.send` job: renders one outbox row and hands it to SMTP, then marks it sent. A row that
 * is no longer pending (a retry after success) is left alone. On an SMTP error the row keeps the
 * error and the job throws, so pg-boss retries it with back-off; the last attempt marks it failed.
 *
 * The Message-ID is the row's id: in the one window no database can close — the SMTP server
 * accepted the message and the process died before marking the row — the retry resends the same
 * Message-ID, which mail clients and most servers collapse into one message.
 */
export async function sendOutboxMail(db: Db, { outboxId, lastAttempt }: { outboxId: string; lastAttempt: boolean }): Promise<SendOutcome> {
  const row = await getMail(db, { id: outboxId });
  if (!row || row.status !== "pending") return "already_done";
  if (!isMailTemplate(row.template)) {
    await markMailError(db, { id: row.id, error: `Unknown template ${row.template}`, final: true });
    return "skipped";
  }
  const transport = await mailTransport();
  if (!transport) {
    await markMailSkipped(db, { id: row.id, reason: "SMTP_URL is not set: mail is not sent in production without it." });
    logger.warn("mail.skipped", { outboxId: row.id, template: row.template, reason: "no SMTP_URL" });
    return "skipped";
  }
  const template: MailTemplate = row.template;
  const { html, text } = await renderMail(template, row.data as MailData<typeof template>);
  await countMailAttempt(db, { id: row.id });
  try {
    await transport.transporter.sendMail({
      from: transport.from,
      to: row.toAddress,
      subject: row.subject,
      text,
      html,
      messageId: `<${row.id}@memberpulse.mail>`,
      headers: { "X-MemberPulse-Template": template, ...unsubscribeHeaders(row.data) },
    });
  } catch (error) {
    await markMailError(db, { id: row.id, error: smtpError(error), final: lastAttempt });
    logger.warn("mail.send_failed", { outboxId: row.id, template, lastAttempt, error: smtpError(error) });
    throw error;
  }
  const carriesLink = MAIL_TEMPLATES[template].carriesLink;
  await markMailSent(db, { id: row.id, textPreview: carriesLink ? null : text, clearData: carriesLink });
  return "sent";
}

/**
 * RFC 2369 + RFC 8058 for optional notices: mail clients show "Unsubscribe" and POST
 * `List-Unsubscribe=One-Click` to the same signed URL (app/api/mail/unsubscribe/route.ts).
 */
function unsubscribeHeaders(data: unknown): Record<string, string> {
  const url = typeof data === "object" && data !== null && "unsubscribeUrl" in data ? (data as { unsubscribeUrl: unknown }).unsubscribeUrl : null;
  if (typeof url !== "string" || !url) return {};
  const oneClick = url.replace("/unsubscribe?", "/api/mail/unsubscribe?");
  return { "List-Unsubscribe": `<${oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
