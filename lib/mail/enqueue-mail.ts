import type { Db } from "@/db/client";
import { insertMail } from "@/db/queries/mail-outbox";
import { mailSubject, type MailData, type MailTemplate } from "./catalog";

export type MailRequest<T extends MailTemplate> = {
  tenantId: string | null;
  /** Names the cause, e.g. `receipt:in_123`: the same cause never writes a second mail. */
  dedupeKey: string;
  to: string;
  template: T;
  data: MailData<T>;
};

/**
 * Writes a mail into the outbox — call it with the transaction that writes its cause, so that both
 * commit or neither does. Answers false when this cause already has its mail. After the commit,
 * `nudgeMailRelay()` sends it at once; otherwise the relay's cron picks it up within a minute.
 */
export async function enqueueMail<T extends MailTemplate>(tx: Db, mail: MailRequest<T>): Promise<boolean> {
  const id = await insertMail(tx, {
    tenantId: mail.tenantId,
    dedupeKey: mail.dedupeKey,
    template: mail.template,
    toAddress: mail.to,
    subject: mailSubject(mail.template, mail.data),
    data: mail.data as Record<string, unknown>,
  });
  return id !== null;
}
