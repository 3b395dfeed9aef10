import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { startMailSink } from "./dev-sink";

export type MailTransport = { transporter: Transporter; from: string; sink: boolean };

const g = globalThis as typeof globalThis & { __memberpulseMailTransport?: Promise<MailTransport | null> };

/**
 * Where mail goes: `SMTP_URL` when set; otherwise, in development, tests and the demo (`MAIL_SINK=1`),
 * the in-process sink; otherwise nowhere (null) — a production deployment without SMTP records
 * its mail as skipped rather than pretending to send it.
 */
export function mailTransport(): Promise<MailTransport | null> {
  g.__memberpulseMailTransport ??= (async () => {
    const config = env();
    const from = config.MAIL_FROM ?? `MemberPulse <no-reply@${new URL(config.APP_URL).hostname}>`;
    if (config.SMTP_URL) return { transporter: nodemailer.createTransport(pooled(config.SMTP_URL)), from, sink: false };
    if (config.NODE_ENV === "production" && !config.MAIL_SINK) return null;
    const port = await startMailSink();
    return { transporter: nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: true }), from, sink: true };
  })();
  return g.__memberpulseMailTransport;
}

/**
 * Keeps SMTP connections open between messages (nodemailer's pool, up to 5 connections) unless the
 * URL says otherwise: a connection and TLS handshake per message cost more than the message.
 */
function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has("pool")) url.searchParams.set("pool", "true");
  return url.toString();
}

/** Tests switch SMTP servers between files. */
export function resetMailTransport() {
  const current = g.__memberpulseMailTransport;
  g.__memberpulseMailTransport = undefined;
  void current?.then((transport) => transport?.transporter.close());
}
