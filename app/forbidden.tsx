import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold">Admins only</h1>
      <p className="mt-2 text-slate-600">Your role in this organisation does not include this page. Ask an admin if you need access.</p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-600 hover:underline">Back to your portal</Link>
    </main>
  );
}
