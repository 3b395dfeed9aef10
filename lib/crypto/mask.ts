/**
 * The only form in which a secret ever leaves the server: its recognisable prefix and last four
 * characters, `sk_test_…4242`. Short or unknown values reveal nothing but the ellipsis.
 */
const PREFIX = /^(sk|rk|pk)_(test|live)_|^whsec_/;

export function maskSecret(secret: string | null | undefined): string {
  if (!secret) return "";
  const prefix = secret.match(PREFIX)?.[0] ?? "";
  const rest = secret.slice(prefix.length);
  // Fewer than 12 hidden characters: showing the tail would give away too much of it.
  const tail = rest.length >= 12 ? rest.slice(-4) : "";
  return `${prefix}…${tail}`;
}
