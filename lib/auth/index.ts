import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { getDb } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { authConfig } from "./auth.config";
import { authLogger } from "./auth-logger";
import { endAllSessions } from "./end-sessions";
import { credentialsSchema, verifyCredentials } from "./verify-credentials";
import { clientAddress } from "@/lib/http/client-address";

/** Thrown from authorize() so the sign-in form can say how long to wait. */
export class RateLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await getDb();
  return {
    ...authConfig,
    secret: env().AUTH_SECRET,
    logger: authLogger,
    // Signing out (the form's server action or POST /api/auth/signout) ends the user's sessions on
    // every device, not only this browser's cookie: a copied token is refused from then on.
    events: {
      signOut: async (message) => {
        const userId = "token" in message ? message.token?.sub : undefined;
        if (userId) await endAllSessions(db, userId);
      },
    },
    // The adapter types its tables per driver; ours are the standard Auth.js shape on either driver.
    adapter: DrizzleAdapter(db as never, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens } as never),
    providers: [
      Credentials({
        credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const result = await verifyCredentials(db, { ...parsed.data, address: clientAddress(request.headers) });
          if (result.ok) return { id: result.userId, sessionVersion: result.sessionVersion };
          if (result.reason === "rate_limited") {
            logger.warn("auth.rate_limited", { retryAfterSeconds: result.retryAfterSeconds });
            throw new RateLimited(result.retryAfterSeconds);
          }
          return null;
        },
      }),
    ],
  };
});
