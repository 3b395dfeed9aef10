import type { Db } from "@/db/client";
import { listTenantMail, type MailListItem } from "@/db/queries/mail-outbox";
import { env } from "@/lib/env";
import { isMailTemplate, MAIL_TEMPLATES } from "./catalog";

export type MailDelivery = "smtp" | "sink" | "none";
export type MailViewItem = Omit<MailListItem, "textPreview"> & { textPreview: string | null; carriesLink: boolean };

const PAGE = 50;

/** Where this deployment's mail goes (see transport.ts), for the page's explanation. */
export function mailDelivery(): MailDelivery {
  const config = env();
  if (config.SMTP_URL) return "smtp";
  return config.NODE_ENV === "production" && !config.MAIL_SINK ? "none" : "sink";
}

/** The admin Mail page: the tenant's newest mail and where mail goes. */
export async function loadMailView(db: Db, { tenantId }: { tenantId: string }) {
  const rows = await listTenantMail(db, { tenantId, limit: PAGE });
  const items: MailViewItem[] = rows.map((row) => ({ ...row, carriesLink: isMailTemplate(row.template) && MAIL_TEMPLATES[row.template].carriesLink }));
  return { items, delivery: mailDelivery() };
}
