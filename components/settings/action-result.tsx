import type { ActionResult as Result } from "@/lib/actions/action-result";

/** The outcome of a settings action, announced to screen readers. */
export function ActionResult({ result }: { result: Result<unknown> }) {
  if (result.error) {
    return (
      <p role="alert" className="text-sm text-red-700">
        {result.error}
      </p>
    );
  }
  if (result.ok && result.message) {
    return (
      <p role="status" className="text-sm text-emerald-700">
        {result.message}
      </p>
    );
  }
  return null;
}
