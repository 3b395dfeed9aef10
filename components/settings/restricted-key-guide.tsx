import { REQUIRED_PERMISSIONS } from "@/lib/stripe/required-permissions";

/**
 * How to create the restricted key Stripe recommends over a full secret key, with exactly the
 * permissions the portal uses. Stripe has no link that pre-fills permissions for a key an account
 * creates for its own integration (only Stripe Apps can request them), so the page lists them.
 */
export function RestrictedKeyGuide({ mode }: { mode: "test" | "live" }) {
  const apiKeysUrl = `https://dashboard.stripe.com/${mode === "test" ? "test/" : ""}apikeys`;
  return (
    <div className="space-y-3 text-sm text-slate-700" data-testid="restricted-key-guide">
      <p>
        Stripe recommends a restricted key (<code className="font-mono text-xs">rk_{mode}_…</code>) over the full secret key: if it ever leaks, it can do only what
        the portal needs.
      </p>
      <ol className="list-decimal space-y-1 pl-5">
        <li>
          In the Stripe Dashboard, in {mode} mode, open{" "}
          <a href={apiKeysUrl} target="_blank" rel="noreferrer" className="font-medium text-brand-700 underline">
            Developers &gt; API keys
          </a>{" "}
          and choose <strong>Create restricted key</strong> for your own integration. Name it “MemberPulse”.
        </li>
        <li>Set these resources to the level shown and leave every other resource at None:</li>
      </ol>
      <table className="w-full max-w-xl text-left text-sm">
        <thead className="text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">Resource</th>
            <th scope="col" className="py-1 pr-4 font-medium">Permission</th>
            <th scope="col" className="hidden py-1 font-medium sm:table-cell">Used for</th>
          </tr>
        </thead>
        <tbody>
          {REQUIRED_PERMISSIONS.map((p) => (
            <tr key={p.id} className="border-t border-slate-100">
              <td className="py-1 pr-4 font-medium text-slate-900">{p.name}</td>
              <td className="py-1 pr-4">{p.level === "write" ? "Write" : "Read"}</td>
              <td className="hidden py-1 text-slate-500 sm:table-cell">{p.usedFor}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ol start={3} className="list-decimal space-y-1 pl-5">
        <li>Create the key, paste it into “Secret key or restricted key” below, and save.</li>
        <li>Choose “Test connection”: the portal tries each permission without changing anything and names any that are missing.</li>
      </ol>
    </div>
  );
}
