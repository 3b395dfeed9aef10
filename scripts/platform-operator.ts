// `npm run platform:operator -- grant <email>` / `revoke <email>`: the only way (besides the demo
// seed) to make someone a platform operator (ROLE_PLATFORM_ADMIN, the /platform console). A new
// account's password comes from OPERATOR_PASSWORD or OPERATOR_PASSWORD_FILE, never the command line
// (shell history). Runs against DATABASE_URL, or the embedded database when it is unset (stop the
// dev server first: the embedded database cannot be opened by two processes).
import { readFileSync } from "node:fs";
import { openDb } from "../db/client";
import { migrate } from "../db/migrate";
import { grantOperator, revokeOperator } from "../lib/platform/operators";

function operatorPassword(): string | undefined {
  const file = process.env.OPERATOR_PASSWORD_FILE?.trim();
  if (file) return readFileSync(file, "utf8").trim();
  return process.env.OPERATOR_PASSWORD || undefined;
}

async function main() {
  const [command, email] = process.argv.slice(2);
  if ((command !== "grant" && command !== "revoke") || !email) {
    console.error("Usage: npm run platform:operator -- grant <email>   (OPERATOR_PASSWORD=… to create the account)\n       npm run platform:operator -- revoke <email>");
    process.exitCode = 2;
    return;
  }
  const handle = await openDb({ url: process.env.DATABASE_URL?.trim() || undefined });
  try {
    await migrate(handle);
    const result = command === "grant" ? await grantOperator(handle.db, { email, password: operatorPassword() }) : await revokeOperator(handle.db, { email });
    if (result.ok) console.log(result.message);
    else {
      console.error(result.error);
      process.exitCode = 1;
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
