// The e2e suite's mail server (a Playwright webServer): a real SMTP server the app sends to
// (SMTP_URL), parsing each message with mailparser, and a small HTTP endpoint where specs read what
// arrived: GET /messages?to=<address> → [{ to, subject, text, html, messageId }].
import http from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { MAIL_HTTP_PORT, SMTP_PORT } from "./e2e-env";

type Stored = { to: string[]; subject: string; text: string; html: string; messageId: string };
const messages: Stored[] = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream).then(
      (mail) => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        messages.push({ to, subject: mail.subject ?? "", text: mail.text ?? "", html: typeof mail.html === "string" ? mail.html : "", messageId: mail.messageId ?? "" });
        callback();
      },
      (error: Error) => callback(error),
    );
  },
});
smtp.listen(SMTP_PORT, "127.0.0.1");

http
  .createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/messages") {
      response.writeHead(404).end();
      return;
    }
    const to = url.searchParams.get("to")?.toLowerCase();
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(to ? messages.filter((m) => m.to.includes(to)) : messages));
  })
  .listen(MAIL_HTTP_PORT, "127.0.0.1");
