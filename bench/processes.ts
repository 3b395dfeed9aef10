// The production build and the processes the benchmarks start (the app exactly as `npm start` runs
// it, the emulator, reference servers), shared by bench/webhooks.ts and bench/pages.ts.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(__dirname, "..");
export const DIST = process.env.BENCH_DIST_DIR ?? ".next-bench";
/** The encryption key of the bench's databases (throwaway: they are dropped afterwards). */
export const BENCH_KEY = Buffer.alloc(32, 9).toString("base64");
export const BENCH_AUTH_SECRET = "bench-auth-secret-not-for-production-0000";
export const children: ChildProcess[] = [];

/** A production build in DIST, reused when present (BENCH_REBUILD=1 rebuilds). */
export function ensureBuild() {
  const buildId = path.join(root, DIST, "BUILD_ID");
  if (existsSync(buildId) && !process.env.BENCH_REBUILD) {
    console.log(`using the existing production build in ${DIST} (${statSync(buildId).mtime.toISOString()}); BENCH_REBUILD=1 rebuilds`);
    return;
  }
  console.log(`building into ${DIST} …`);
  // next build may add its types folder to tsconfig.json: keep the shared file as it was.
  const tsconfig = readFileSync(path.join(root, "tsconfig.json"), "utf8");
  const r = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" } });
  writeFileSync(path.join(root, "tsconfig.json"), tsconfig);
  if (r.status !== 0) throw new Error("next build failed");
}

export function start(cmd: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
}

export function stopAll() {
  for (const c of children) c.kill("SIGTERM");
}

/**
 * The production server exactly as `npm start` runs it (package.json's script, with its Node flags),
 * but as a direct child so that its CPU time can be read.
 */
export function startApp(port: number, url: string, { emulatorUrl, env = {} }: { emulatorUrl: string; env?: Record<string, string> }) {
  const script = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = script.split(" ");
  if (command !== "node") throw new Error(`bench: expected package.json's start script to run node, found: ${script}`);
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each app server, written when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return start(process.execPath, [...profile, ...args, "-p", String(port)], {
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    APP_URL: `http://localhost:${port}`,
    AUTH_SECRET: BENCH_AUTH_SECRET,
    AUTH_TRUST_HOST: "true",
    APP_ENCRYPTION_KEY: BENCH_KEY,
    STRIPE_API_BASE: emulatorUrl,
    LOG_LEVEL: "error",
    ...env,
  });
}

/** The Stripe emulator in its own process (bench/stripe-emulator.ts), request counts on port + 1. */
export function startEmulator(port: number) {
  return start(process.execPath, ["--import", "tsx", "bench/stripe-emulator.ts"], { STRIPE_EMULATOR_PORT: String(port), BENCH_STATS_PORT: String(port + 1) });
}
