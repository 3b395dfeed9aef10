import { logger } from "@/lib/log";

/** Expected outcomes that are not server errors: wrong passwords and stale or tampered cookies. */
const EXPECTED = new Set(["CredentialsSignin", "JWTSessionError"]);

/**
 * Auth.js's logger. A wrong password or a stale cookie is logged at info without a stack; anything
 * else is an error. Recognised by Auth.js's `type` (a string it sets on each of its errors), never
 * by the class name, which minifying renames in the production bundle.
 */
export const authLogger = {
  error(error: Error) {
    const type = (error as Error & { type?: string }).type;
    if (type && EXPECTED.has(type)) logger.info("auth.refused", { type });
    else logger.error("auth.error", { error });
  },
  warn(code: string) {
    logger.warn("auth.warning", { code });
  },
  debug() {},
};
