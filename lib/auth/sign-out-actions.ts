"use server";

import { z } from "zod";
import { definePublicAction } from "@/lib/actions/define-action";
import { signOut } from "@/lib/auth";

/** Signing out needs no tenant or permission: it ends the caller's own sessions (lib/auth/index.ts). */
export const signOutAction = definePublicAction({ name: "sign_out", schema: z.object({}) }, async () => {
  await signOut({ redirectTo: "/sign-in" });
  return {};
});
