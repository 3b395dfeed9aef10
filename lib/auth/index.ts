import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { getDb } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { authConfig } from "./auth.config";
import { credentialsSchema, verifyCredentials } from "./verify-credentials";
import { clientIp } from "./client-ip";

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await getDb();
  return {
    ...authConfig,
    secret: env().AUTH_SECRET,
    // A wrong password is an expected outcome, not an error worth a stack trace in the logs.
    logger: {
      error: (error: Error) => {
        if (error.name !== "CredentialsSignin") logger.error("auth.error", { error });
      },
      warn: (code: string) => logger.warn("auth.warning", { code }),
      debug: () => {},
    },
    // The adapter types its tables per driver; ours are the standard Auth.js shape on either driver.
    adapter: DrizzleAdapter(db as never, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens } as never),
    providers: [
      Credentials({
        credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const result = await verifyCredentials(db, { ...parsed.data, ip: clientIp(request.headers) });
          if (result.ok) return { id: result.userId };
          if (result.reason === "rate_limited") {
            logger.warn("auth.rate_limited", {});
            throw new RateLimited();
          }
          return null;
        },
      }),
    ],
  };
});
