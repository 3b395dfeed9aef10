import type { Metadata } from "next";
import { Button, LinkButton } from "@/components/ui/button";
import { asFormAction } from "@/lib/actions/action-result";
import { signOutAction } from "@/lib/auth/sign-out-actions";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <main className="flex min-h-[calc(100vh-2rem)] items-center justify-center px-4">
      <form action={asFormAction(signOutAction)} className="w-full max-w-sm rounded-xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200">
        <h1 className="text-lg font-semibold">Sign out of MemberPulse?</h1>
        <Button type="submit" className="mt-4 w-full">
          Sign out
        </Button>
        <LinkButton href="/" variant="secondary" className="mt-3 w-full">
          Stay signed in
        </LinkButton>
      </form>
    </main>
  );
}
