import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The database, crypto and Stripe modules hold connections, keys and secrets: a client component
// that imported one (even indirectly) must fail the build, not ship them to the browser.
const ROOT = path.resolve(__dirname, "../..");
const inDir = (dir: string, except: string[] = []) =>
  readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith(".ts") && !except.includes(f))
    .map((f) => `${dir}/${f}`);

const SERVER_MODULES = [
  "db/client.ts",
  "db/index.ts",
  ...inDir("lib/crypto"),
  // The permission table is also rendered by the settings page's guide; it holds no secret.
  ...inDir("lib/stripe", ["required-permissions.ts"]),
  // "use server" files are replaced by references in client bundles.
  ...inDir("lib/stripe-connection", ["actions.ts"]),
];

describe('import "server-only"', () => {
  it.each(SERVER_MODULES)("%s is marked server-only", (file) => {
    expect(readFileSync(path.join(ROOT, file), "utf8")).toMatch(/^import "server-only";$/m);
  });

  it("the marker throws outside a server build and is empty inside one", () => {
    const load = (args: string[]) => spawnSync(process.execPath, [...args, "-e", 'require("server-only")'], { cwd: ROOT, encoding: "utf8" });
    expect(load([]).status).not.toBe(0);
    expect(load(["--conditions=react-server"]).status).toBe(0);
  });
});
