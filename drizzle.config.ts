import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema and committed; both Postgres and the embedded PGlite
// database run the same SQL files.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
});
