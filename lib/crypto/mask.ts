import "server-only";
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

/**
 * PaymentIntent / SetupIntent / Checkout Session client secrets (`pi_…_secret_…`): whoever holds
 * one can confirm or read the intent from a browser. The object id before `_secret_` is not secret
 * and stays readable; the secret part is masked like a key. Found anywhere in a string (a return
 * URL in `next_action` carries one as a query parameter).
 */
const CLIENT_SECRET = /\b((?:pi|seti|cs_(?:test|live))_[A-Za-z0-9]+_secret_)([A-Za-z0-9]+)/g;

export function maskClientSecretsIn(text: string): string {
  return text.replace(CLIENT_SECRET, (_m, id: string, secret: string) => `${id}…${secret.length >= 12 ? secret.slice(-4) : ""}`);
}

/**
 * A copy of a Stripe object (an event payload) with every client secret masked: values under a
 * `client_secret` key whatever their shape (an invoice's `confirmation_secret.client_secret`), and
 * any string that contains one.
 */
export function maskClientSecrets(value: unknown): unknown {
  if (typeof value === "string") return maskClientSecretsIn(value);
  if (Array.isArray(value)) return value.map(maskClientSecrets);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const masked = maskClientSecrets(v);
      // A client secret of a shape we do not know is still a client secret: hide all of it.
      out[key] = key === "client_secret" && typeof v === "string" && masked === v ? maskSecret(v) : masked;
    }
    return out;
  }
  return value;
}
