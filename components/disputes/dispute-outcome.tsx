import { disputeTone } from "@/lib/disputes/dispute-status";

const MESSAGES: Record<string, string> = {
  under_review: "Your evidence is with the cardholder's bank. Stripe reports its decision here when the bank makes it, which can take several weeks.",
  warning_under_review: "Your answer to this inquiry is with the card network.",
  won: "The bank decided in your favour: the amount and the dispute fee are back in your balance.",
  lost: "The bank decided for the cardholder: the amount and the dispute fee are not returned.",
  warning_closed: "The inquiry was closed without becoming a chargeback.",
  prevented: "The dispute was prevented before it reached you.",
};

/** What an answered or closed dispute shows instead of the form: where it stands and what was sent. */
export function DisputeOutcome({ status, submissions, evidence }: { status: string; submissions: number; evidence: { label: string; value: string }[] }) {
  const tone = disputeTone(status);
  const box = tone === "won" ? "bg-emerald-50 text-emerald-900 ring-emerald-200" : tone === "lost" ? "bg-slate-100 text-slate-800 ring-slate-300" : "bg-amber-50 text-amber-900 ring-amber-200";
  return (
    <div className="space-y-4">
      <p role="status" className={`rounded-md px-3 py-2 text-sm ring-1 ${box}`} data-testid="dispute-outcome">
        {MESSAGES[status] ?? "This dispute no longer takes evidence."}
      </p>
      {evidence.length ? (
        <div>
          <h3 className="text-sm font-semibold text-slate-900">{submissions > 0 ? "Evidence submitted" : "Evidence on file"}</h3>
          <dl className="mt-2 space-y-2 text-sm">
            {evidence.map((e) => (
              <div key={e.label}>
                <dt className="text-slate-500">{e.label}</dt>
                <dd className="whitespace-pre-wrap break-words text-slate-900">{e.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : (
        <p className="text-sm text-slate-600">No evidence was submitted.</p>
      )}
    </div>
  );
}
