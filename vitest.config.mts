import path from "node:path";
import { defineConfig } from "vitest/config";
import { DEFAULT_ADMIN_URL } from "./tests/admin-url";
import { filesNeedingPostgres, postgresReachable } from "./tests/postgres-only";

export default defineConfig(async () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const postgres = await postgresReachable(adminUrl);
  const exclude: string[] = [];
  if (!postgres && !process.env.REQUIRE_POSTGRES) {
    exclude.push(...filesNeedingPostgres(path.resolve(__dirname, "tests")).map((f) => path.relative(__dirname, f)));
    console.warn(
      `\n[tests] No Postgres at ${new URL(adminUrl).host}: running on in-memory PGlite and leaving out ${exclude.length} suites that need a real server:\n` +
        exclude.map((f) => `  - ${f}`).join("\n") +
        `\n  Start Postgres (or set TEST_DATABASE_URL) to run them; CI always does.\n`,
    );
  }
  return {
    resolve: {
      alias: {
        "@": path.resolve(__dirname),
        // Server modules `import "server-only"`, whose default export throws outside a React Server
        // Components build; tests are server code, so they get the package's own empty module
        // (what Next resolves it to on the server, via the "react-server" condition).
        "server-only": path.resolve(__dirname, "node_modules/server-only/empty.js"),
      },
    },
    test: {
      include: ["tests/**/*.test.ts", "tools/stripe-emulator/**/*.test.ts"],
      exclude: ["**/node_modules/**", ...exclude],
      globalSetup: ["tests/global-setup.ts"],
      // Fails a file whose app code sent a request the strict Stripe emulator refused.
      setupFiles: ["tests/stripe-conformance.ts"],
      environment: "node",
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // One database per run; files share it, so keep them in one process at a time.
      fileParallelism: false,
      // next-auth imports "next/server" without an extension; let Vite resolve it.
      server: { deps: { inline: ["next-auth", "@auth/core"] } },
    },
  };
});
