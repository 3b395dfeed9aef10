// Runs once when the server starts: open + migrate the database, seed an empty embedded one.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startup } = await import("./lib/startup");
  await startup();
}
