import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(self \"https://js.stripe.com\")" },
  ...(process.env.NODE_ENV === "production" && process.env.APP_URL?.startsWith("https://")
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" }]
    : []),
];

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly from its own folder and argon2 is a native addon: keep both out of the bundle.
  // pg-boss (and its pg driver), nodemailer and smtp-server are Node libraries loaded as they are.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg-boss", "pg", "nodemailer", "smtp-server"],
  poweredByHeader: false,
  // The e2e suite builds into its own folder (see playwright.config.ts).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm run build` runs `npm run typecheck` (the whole project, tests and e2e included) before
  // `next build`, and CI runs it as its own step: checking again inside every build only costs time.
  typescript: { ignoreBuildErrors: true },
  experimental: { authInterrupts: true },
  // No rewrites on purpose: Next checks every rewrite on every request, webhooks included
  // (bench/webhooks.ts). Public sign-up at /{tenant}/join sits beside the (portal) route group,
  // whose layout requires a session.
  async headers() {
    // Stripe's webhook deliveries have no use for browser headers; matching them costs CPU per event.
    return [{ source: "/((?!api/webhooks/).*)", headers: securityHeaders }];
  },
};

export default nextConfig;
