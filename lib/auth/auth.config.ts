import type { NextAuthConfig } from "next-auth";

/** A session ends after this long without a request… */
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;
/** …and this long after sign-in, however active. */
export const SESSION_ABSOLUTE_SECONDS = 7 * 24 * 60 * 60;

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    sessionVersion?: number;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** users.session_version when the token was issued (lib/auth/session.ts compares it). */
    ver?: number;
    /** When the user signed in (seconds), for the absolute lifetime. */
    authAt?: number;
  }
}

/**
 * The part of the Auth.js configuration with no database, adapter or argon2, so the proxy can load
 * it too. The JWT carries the user id, the session version it was issued under and the sign-in
 * time only: roles and memberships are read from the database on every request, and a token whose
 * version is behind the user's (signed out, removed) is refused there.
 *
 * The token's expiry is the idle timeout: proxy.ts re-issues it (a fresh JWE, new expiry) on every
 * request, so an active session slides and an idle one dies; the absolute lifetime is enforced here.
 */
export const authConfig = {
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS },
  pages: { signIn: "/sign-in" },
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      const now = Math.floor(Date.now() / 1000);
      if (user) return { sub: user.id, ver: user.sessionVersion ?? 0, authAt: now };
      if (!token.sub || typeof token.ver !== "number" || !token.authAt) return null;
      if (now - token.authAt > SESSION_ABSOLUTE_SECONDS) return null;
      return { sub: token.sub, ver: token.ver, authAt: token.authAt, iat: token.iat, exp: token.exp, jti: token.jti };
    },
    session({ session, token }) {
      return { expires: session.expires, user: { id: token.sub ?? "" }, sessionVersion: token.ver } as typeof session;
    },
  },
} satisfies NextAuthConfig;
