import type { NextAuthConfig } from "next-auth";

/**
 * The part of the Auth.js configuration with no database, adapter or argon2, so it can be loaded
 * anywhere. The JWT carries the user id only: roles and tenant memberships are read from the
 * database on every request, so a revoked admin loses access at once.
 */
export const authConfig = {
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      const sub = user?.id ?? token.sub;
      return { sub, iat: token.iat, exp: token.exp, jti: token.jti };
    },
    session({ session, token }) {
      return { expires: session.expires, user: { id: token.sub ?? "" } } as typeof session;
    },
  },
} satisfies NextAuthConfig;
