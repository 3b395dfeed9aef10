import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; reset?: string }> }) {
  const query = await searchParams;
  const callbackUrl = safeCallbackPath(query.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <main className="flex min-h-[calc(100vh-2rem)] items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-bold tracking-tight text-brand-600">MemberPulse</p>
          <h1 className="mt-2 text-lg font-semibold text-slate-900">Sign in to your portal</h1>
        </div>
        {query.reset === "1" ? (
          <p role="status" className="mb-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-800 ring-1 ring-emerald-200">
            Your password was changed and you were signed out everywhere. Sign in with the new password.
          </p>
        ) : null}
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <SignInForm callbackUrl={callbackUrl} />
        </div>
        <p className="mt-4 text-center text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-600 underline">
            Forgot your password?
          </Link>
        </p>
        {process.env.NODE_ENV !== "production" || process.env.STRIPE_API_BASE ? (
          <p className="mt-4 text-center text-xs text-slate-500">
            Demo accounts: admin@acme.test or member@acme.test, password <code className="font-mono">memberpulse</code>
          </p>
        ) : null}
      </div>
    </main>
  );
}
