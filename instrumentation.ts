// Runs once when the server starts: error reporting first (so that nothing below can print raw
// driver errors), then open + migrate the database, seed an empty embedded one.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installProcessErrorLogging } = await import("./lib/process-errors");
  installProcessErrorLogging();
  const { startup } = await import("./lib/startup");
  await startup();
}
