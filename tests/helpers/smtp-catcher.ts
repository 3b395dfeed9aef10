import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Caught = ParsedMail & { envelopeTo: string[] };

/**
 * A real SMTP server on a free loopback port that parses every message it accepts (mailparser),
 * so tests assert on what a mail client would see. `failNext(n)` answers the next n messages with
 * a temporary SMTP error (451), as a struggling mail server would.
 */
export async function startSmtpCatcher() {
  const messages: Caught[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      if (failures > 0) {
        failures--;
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("451 Try again later"), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          messages.push(Object.assign(mail, { envelopeTo: to }));
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address: string) => messages.filter((m) => m.envelopeTo.includes(address)),
    failNext: (n: number) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until `check` holds (mail goes through a job queue, so it arrives a little later). */
export async function eventually(check: () => boolean | Promise<boolean>, { timeoutMs = 15_000, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
