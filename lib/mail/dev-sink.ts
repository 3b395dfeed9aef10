import { SMTPServer } from "smtp-server";
import { logger } from "@/lib/log";

const g = globalThis as typeof globalThis & { __memberpulseMailSink?: Promise<number> };

/**
 * Development and the demo, with no SMTP_URL: a real SMTP server inside the app process, on a free
 * loopback port, that accepts every message and keeps nothing (the outbox row is the record; the
 * admin Mail page lists it). The mail still takes the whole SMTP path a production mail takes.
 * Answers the port.
 */
export function startMailSink(): Promise<number> {
  g.__memberpulseMailSink ??= new Promise<number>((resolve, reject) => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        stream.on("data", () => {});
        stream.on("end", () => callback());
      },
    });
    server.on("error", (error) => logger.warn("mail.sink_error", { error: error.message }));
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      if (!address || typeof address === "string") return reject(new Error("The local mail sink has no port."));
      logger.info("mail.sink_started", { message: `No SMTP_URL: mail goes to a local sink on 127.0.0.1:${address.port} and is listed on each tenant's Mail page.` });
      resolve(address.port);
    });
  });
  return g.__memberpulseMailSink;
}
