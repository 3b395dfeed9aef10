import os from "node:os";
import path from "node:path";

/**
 * Where the embedded database and development secrets live. Outside the source tree on purpose:
 * a data folder inside the project makes `next dev` recompile in an endless loop.
 */
export function dataRoot(): string {
  const configured = process.env.PGLITE_DATA_DIR?.trim();
  if (configured) return path.resolve(configured);
  return path.join(os.homedir(), ".memberpulse");
}

export function pgliteDir(): string {
  return path.join(dataRoot(), "pglite");
}
