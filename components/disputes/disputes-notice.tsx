import Link from "next/link";
import { viewerDateFormat } from "@/lib/viewer-date-format";

/** The admin overview's banner while disputes wait for an answer (nothing when none do). */
export async function DisputesNotice({ open, nextDueBy, slug }: { open: number; nextDueBy: Date | null; slug: string }) {
  const { formatDate } = await viewerDateFormat();
  if (open === 0) return null;
  return (
    <div role="status" data-testid="disputes-notice" className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-xl bg-red-50 px-5 py-4 text-sm text-red-900 ring-1 ring-red-200">
      <p>
        <span className="font-semibold">
          {open === 1 ? "A dispute needs" : `${open} disputes need`} your response.
        </span>{" "}
        {nextDueBy ? `Evidence is due by ${formatDate(nextDueBy)}; without it the bank decides for the cardholder.` : "Without evidence the bank decides for the cardholder."}
      </p>
      <Link href={`/${slug}/admin/disputes`} className="inline-flex min-h-6 items-center font-semibold text-red-900 underline">
        Answer {open === 1 ? "it" : "them"}
      </Link>
    </div>
  );
}
